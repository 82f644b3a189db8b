"""Signing in with the school's own Microsoft 365 or Google Workspace account (OpenID Connect,
through Streamlit's st.login): which staff account an identity from the provider signs in as,
and the app's own limits on top of the provider's.

An identity signs someone in only when the provider vouches for its email address (Microsoft:
an account of the school's own tenant; Google: a verified address, of the school's own domain
when one is set) and that address is the email of an active staff account the SENCo made. Any
other identity is refused in the same words as a wrong password, and the attempt is audited.
Roles, classes and staff-meeting mode stay the app's own.

Each identity the provider issues (its subject and the moment it was issued) is one of the app's
own sign-ins, started at that moment: it lasts one school day, ends when its owner signs out
(and a copy of the provider's cookie is refused after that), and ends at the next click of a
deactivated or changed account, as every sign-in does (sendlib.signins)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sendlib import audit, db, signins
from sendlib.access import require
from sendlib.errors import Problem, SendHubError, ValidationError, clean_text
from sendlib.users import User, find_active_user

PROVIDERS = {"microsoft": "Microsoft 365", "google": "Google Workspace"}
PASSWORDS = {
    "open": "Staff may also sign in with a username and password",
    "closed": "Only the school's accounts (and accounts made from the command line)",
}
_SETTING = "school_signin_{}"
LABELS = {
    "provider": "The school's accounts",
    "tenant": "Microsoft tenant ID",
    "domain": "Google Workspace domain",
    "passwords": "Username and password sign-in",
}


class IdentityRefused(SendHubError):
    """An identity from the provider that signs nobody in here."""


@dataclass(frozen=True)
class SchoolAccounts:
    """How the school's own accounts sign in, as the SENCo set it on School settings."""

    provider: str | None  # microsoft, google, or None: passwords only
    tenant: str | None = None  # Microsoft: the school's tenant (the token's tid)
    domain: str | None = None  # Google: the school's Workspace domain (the token's hd)
    passwords: str = "open"

    @property
    def passwords_open(self) -> bool:
        return self.provider is None or self.passwords == "open"


def get_school_accounts(cur: db.Cursor) -> SchoolAccounts:
    stored = {key: db.get_setting(cur, _SETTING.format(key)) for key in LABELS}
    return SchoolAccounts(
        stored["provider"] or None, stored["tenant"] or None, stored["domain"] or None,
        stored["passwords"] or "open",
    )  # fmt: skip


def save_school_accounts(cur: db.Cursor, user: User, values: Mapping[str, object]) -> None:
    """Set how the school's own accounts sign in (the SENCo), each problem naming its field;
    audited."""
    require(user, "settings", "edit")
    problems: list[Problem] = []
    provider = values.get("provider") or None
    if provider is not None and provider not in PROVIDERS:
        problems.append(Problem(LABELS["provider"], f"must be one of {', '.join(PROVIDERS)}"))
    tenant = clean_text(values.get("tenant"), LABELS["tenant"], 100, False, problems)
    domain = clean_text(values.get("domain"), LABELS["domain"], 200, False, problems)
    if provider == "microsoft" and not tenant:
        problems.append(
            Problem(LABELS["tenant"], "is required: only the school's own tenant may sign in")
        )
    passwords = values.get("passwords") or "open"
    if passwords not in PASSWORDS:
        problems.append(Problem(LABELS["passwords"], "must be open or closed"))
    if problems:
        raise ValidationError(problems)
    chosen = SchoolAccounts(
        provider,
        (tenant or "").strip().lower() or None if provider == "microsoft" else None,
        (domain or "").strip().lower() or None if provider == "google" else None,
        str(passwords),
    )
    before = get_school_accounts(cur)

    def work(c: db.Cursor) -> None:
        for key in LABELS:
            db.set_setting(c, _SETTING.format(key), getattr(chosen, key) or "")
        audit.record(
            c, user.username, "change settings", detail="school accounts sign-in",
            before=before.__dict__, after=chosen.__dict__,
        )  # fmt: skip

    db.write(cur, work)


def vouched_email(claims: Mapping[str, object], accounts: SchoolAccounts) -> tuple[str | None, str]:
    """The email address the provider vouches for, or None; and why not, for the audit log."""
    if accounts.provider == "microsoft":
        if str(claims.get("tid") or "").lower() != (accounts.tenant or ""):
            return None, f"an account of another Microsoft tenant ({claims.get('tid')})"
        # Within the school's own tenant the school owns the addresses it gives out.
        email = claims.get("email") or claims.get("preferred_username")
    elif accounts.provider == "google":
        if claims.get("email_verified") is not True:
            return None, "an address Google has not verified"
        if accounts.domain and str(claims.get("hd") or "").lower() != accounts.domain:
            return None, f"an account outside {accounts.domain} ({claims.get('hd') or 'personal'})"
        email = claims.get("email")
    else:
        return None, "the school's accounts are not set up"
    if not isinstance(email, str) or "@" not in email:
        return None, "no email address"
    return email.strip(), ""


def _issued(claims: Mapping[str, object]) -> datetime | None:
    issued = claims.get("auth_time") or claims.get("iat")
    if not isinstance(issued, int | float):
        return None
    return datetime.fromtimestamp(issued, UTC)


def sign_in_id(claims: Mapping[str, object]) -> str:
    """The app's own sign-in for one identity the provider issued (who, and when)."""
    who = f"{claims.get('iss')}|{claims.get('sub')}|{claims.get('auth_time') or claims.get('iat')}"
    return "school-" + hashlib.sha256(who.encode()).hexdigest()[:40]


def identity_sign_in(
    cur: db.Cursor,
    claims: Mapping[str, object],
    source: str,
    when: datetime | None = None,
) -> signins.Checked:
    """The sign-in an identity from the provider holds on this page run: the one started when
    it was first seen (and checked as every sign-in is), or a new one for the staff account
    whose email the provider vouches for. An identity that signs nobody in raises
    IdentityRefused, audited."""
    when = when or datetime.now(UTC)
    key = sign_in_id(claims)
    if db.scalar(cur, "SELECT 1 FROM sign_ins WHERE sign_in_id = ?", [key]):
        return signins.check(cur, key, when)
    accounts = get_school_accounts(cur)
    email, why = vouched_email(claims, accounts)
    user = _account_for(cur, email) if email else None
    issued = _issued(claims)
    if email and user is None:
        why = f"{email} is not the email of an active staff account"
    elif user is not None and (issued is None or when - issued >= signins.SCHOOL_DAY):
        user, why = None, "an identity issued more than a school day ago"
    if user is None:
        audit.record_now(
            cur, None, "refuse school sign-in",
            detail=f"{PROVIDERS.get(accounts.provider or '', 'provider')}: {why}; from {source}",
        )  # fmt: skip
        raise IdentityRefused(why)
    sign_in = signins.start(
        cur, user, source, when, sign_in_id=key, started=issued, how="school's own account"
    )
    return signins.Checked(user, sign_in)


def _account_for(cur: db.Cursor, email: str) -> User | None:
    username = db.scalar(
        cur, "SELECT username FROM users WHERE lower(email) = lower(?) AND active", [email]
    )
    return find_active_user(cur, username) if username else None


COMMAND_LINE = "command line"


def password_allowed(cur: db.Cursor, username: str) -> bool:
    """Whether this account may sign in with its password: always, unless the SENCo allows only
    the school's own accounts; then only an account made from the command line (the way back in
    when the provider is down)."""
    if get_school_accounts(cur).passwords_open:
        return True
    made_by = db.scalar(cur, "SELECT made_by FROM users WHERE username = ?", [username])
    return made_by == COMMAND_LINE
