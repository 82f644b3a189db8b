"""The school's own mail server, set once by the SENCo on School settings: where it is, how the
connection is secured, who messages come from and where replies go. The password is never kept
in the database or typed into a form: the app reads it from its secrets file (smtp_password) or
the SENDHUB_SMTP_PASSWORD environment variable, and hands it in with the settings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from sendlib import audit, db
from sendlib.access import require
from sendlib.addresses import email_field
from sendlib.errors import Problem, ValidationError, clean_text
from sendlib.users import User

PASSWORD_VARIABLE = "SENDHUB_SMTP_PASSWORD"
# A certificate authority to trust besides the system's (a school relay with its own).
CA_FILE_VARIABLE = "SENDHUB_SMTP_CA_FILE"
# Each environment variable's name in the app's secrets file.
SECRET_NAMES = {PASSWORD_VARIABLE: "smtp_password", CA_FILE_VARIABLE: "smtp_ca_file"}
SECURITY = {
    "starttls": "STARTTLS (usually port 587)",
    "tls": "TLS from the start (usually port 465)",
    "none": "None: a relay inside the school's own network (usually port 25)",
}
DEFAULT_PORT = {"starttls": 587, "tls": 465, "none": 25}
LABELS = {
    "host": "Mail server",
    "port": "Port",
    "security": "Security",
    "username": "User name",
    "from_address": "Send from (address)",
    "from_name": "Send from (name)",
    "reply_to": "Replies go to",
}
_SETTING = "mail_{}"
# A host name (labels of letters, digits and hyphens) or an IPv4 address.
_HOST = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)  # noqa: E501


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str
    username: str | None
    from_address: str
    from_name: str
    reply_to: str | None


@dataclass(frozen=True)
class MailServer:
    """The settings, the password and any certificate authority of the school's own: what
    sending needs."""

    settings: MailSettings
    password: str | None
    ca_file: str | None = None

    def __repr__(self) -> str:  # never the password, in a log or a traceback
        return f"MailServer({self.settings!r}, password={'set' if self.password else 'none'})"


def mail_server(cur: db.Cursor, secrets: Mapping[str, str | None]) -> MailServer | None:
    """The school's mail server with its password and certificate authority from `secrets`
    (the app's secrets file read by the caller, by SECRET_NAMES, over the environment); None
    until it is set up."""
    settings = get_mail_settings(cur)
    if settings is None:
        return None
    found = {
        name: secrets.get(secret) or secrets.get(name) for name, secret in SECRET_NAMES.items()
    }
    return MailServer(settings, found[PASSWORD_VARIABLE] or None, found[CA_FILE_VARIABLE] or None)


def get_mail_settings(cur: db.Cursor) -> MailSettings | None:
    """The school's mail server as saved, or None until the SENCo has set it up."""
    stored = {key: db.get_setting(cur, _SETTING.format(key)) for key in LABELS}
    if not stored["host"] or not stored["from_address"]:
        return None
    return MailSettings(
        host=stored["host"],
        port=int(stored["port"] or DEFAULT_PORT.get(stored["security"] or "starttls", 587)),
        security=stored["security"] or "starttls",
        username=stored["username"] or None,
        from_address=stored["from_address"],
        from_name=stored["from_name"] or "",
        reply_to=stored["reply_to"] or None,
    )


def validate_mail_settings(values: dict) -> tuple[MailSettings | None, list[Problem]]:
    """The form's values cleaned, and every problem, each naming its field."""
    problems: list[Problem] = []
    host = clean_text(values.get("host"), LABELS["host"], 253, True, problems, "mail.school.org")
    if host and not _HOST.match(host):
        problems.append(Problem(LABELS["host"], f"'{host}' is not a server name (mail.school.org)"))
    security = values.get("security") or "starttls"
    if security not in SECURITY:
        problems.append(Problem(LABELS["security"], f"must be one of: {', '.join(SECURITY)}"))
    port = _port(values.get("port"), problems)
    username = clean_text(values.get("username"), LABELS["username"], 254, False, problems)
    if security == "none" and username:
        problems.append(
            Problem(
                LABELS["username"],
                "must be blank with no security: a password is never sent unencrypted (choose "
                "STARTTLS or TLS to sign in)",
            )
        )
    sender = email_field(values.get("from_address"), LABELS["from_address"], problems)
    if not sender and not any(p.field == LABELS["from_address"] for p in problems):
        problems.append(Problem(LABELS["from_address"], "is required (senco@school.org)"))
    name = clean_text(values.get("from_name"), LABELS["from_name"], 120, True, problems)
    reply_to = email_field(values.get("reply_to"), LABELS["reply_to"], problems)
    if problems:
        return None, problems
    return MailSettings(host, port, security, username, sender, name, reply_to), []


def _port(value: object, problems: list[Problem]) -> int:
    try:
        port = int(str(value).strip())
    except ValueError:
        problems.append(Problem(LABELS["port"], f"'{value}' is not a number (587 or 465)"))
        return 0
    if not 1 <= port <= 65535:
        problems.append(Problem(LABELS["port"], "must be between 1 and 65535 (587 or 465)"))
    return port


def save_mail_settings(cur: db.Cursor, user: User, values: dict) -> MailSettings:
    """Save the mail server's settings (SENCo only), all together or none; audited with what
    changed. Raises ValidationError naming each field that is wrong."""
    require(user, "outbox", "manage")
    settings, problems = validate_mail_settings(values)
    if problems:
        raise ValidationError(problems)
    assert settings is not None
    before = get_mail_settings(cur)

    def work(c: db.Cursor) -> None:
        for key, value in asdict(settings).items():
            db.set_setting(c, _SETTING.format(key), "" if value is None else str(value))
        audit.record(
            c, user.username, "change settings", detail="mail server",
            before=asdict(before) if before else None, after=asdict(settings),
        )  # fmt: skip

    db.write(cur, work)
    return settings
