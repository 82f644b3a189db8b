"""One message made and handed to the school's mail server, with the standard library's email
and smtplib; what goes wrong comes back in plain words, and says whether the message may have
gone (the server took it all but its answer was lost) or certainly did not."""

from __future__ import annotations

import functools
import smtplib
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from sendlib.errors import SendHubError
from sendlib.mail.server import MailServer

TIMEOUT_SECONDS = 30


class SendFailed(SendHubError):
    """The server did not take the message. `may_have_gone` is True when it may have: the
    connection dropped after the whole message was handed over, before the server's answer.
    `lasting` is True when trying again later will not help (the server refused the address)."""

    def __init__(self, reason: str, *, may_have_gone: bool = False, lasting: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.may_have_gone = may_have_gone
        self.lasting = lasting


@dataclass(frozen=True)
class Outgoing:
    """What one email holds, as the outbox keeps it."""

    to_name: str
    to_address: str
    subject: str
    body: str
    attachment_name: str | None = None
    attachment_type: str | None = None
    attachment: bytes | None = None


def one_line(text: str) -> str:
    """Typed text made fit for a header: line breaks and runs of spaces become one space (a
    header can never be split into two by what someone typed)."""
    return " ".join(text.split())


def build_email(
    server: MailServer, outgoing: Outgoing, header_id: str, when: datetime
) -> EmailMessage:
    """The message as sent: From the school's sender, To the parent, Reply-To if set, the body in
    plain UTF-8 text and the attachment, names in any script encoded as the standards say."""
    settings = server.settings
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = _address(settings.from_name, settings.from_address)
    message["To"] = _address(outgoing.to_name, outgoing.to_address)
    if settings.reply_to:
        message["Reply-To"] = _address(settings.from_name, settings.reply_to)
    message["Subject"] = one_line(outgoing.subject)
    message["Date"] = format_datetime(when)
    message["Message-ID"] = header_id
    message.set_content(outgoing.body.replace("\r\n", "\n"))
    if outgoing.attachment is not None:
        # 'text/calendar; method=REQUEST': the type, then any parameters.
        kind, *parameters = (outgoing.attachment_type or "application/octet-stream").split(";")
        main, sub = kind.strip().split("/", 1)
        params = dict(p.strip().split("=", 1) for p in parameters if "=" in p)
        message.add_attachment(
            outgoing.attachment, maintype=main, subtype=sub, params=params,
            filename=one_line(outgoing.attachment_name or "attachment"),
        )  # fmt: skip
    return message


def _address(name: str, address: str) -> Address:
    local, _, domain = address.rpartition("@")
    return Address(display_name=one_line(name or ""), username=local, domain=domain)


class Session:
    """One connection to the school's mail server for a batch of emails, made at the first and
    made again after a lost connection. send() hands one message over and says what went wrong
    (None when the server took it); once the server cannot be reached, the rest of the batch is
    told so without trying again."""

    def __init__(self, server: MailServer, timeout: float = TIMEOUT_SECONDS):
        self.server = server
        self.timeout = timeout
        self.connection: smtplib.SMTP | None = None
        self.unreachable: SendFailed | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.connection is not None:
            _close(self.connection)
            self.connection = None

    def send(self, message: EmailMessage) -> SendFailed | None:
        if self.unreachable is not None:
            return self.unreachable
        if self.connection is None:
            try:
                self.connection = _open(self.server, self.timeout)
            except SendFailed as failure:
                self.unreachable = failure
                return failure
        try:
            _hand_over(self.connection, self.server, message)
        except SendFailed as failure:
            self._after(failure)
            return failure
        return None

    def _after(self, failure: SendFailed) -> None:
        """Ready the connection for the next message: forget it if it was lost, else RSET."""
        assert self.connection is not None
        try:
            if failure.may_have_gone:
                raise smtplib.SMTPServerDisconnected("lost")
            self.connection.rset()
        except (OSError, smtplib.SMTPException):
            self.connection.close()
            self.connection = None


def _open(server: MailServer, timeout: float) -> smtplib.SMTP:
    """Connected, secured and signed in; else SendFailed, in plain words."""
    settings = server.settings
    where = f"{settings.host} port {settings.port}"
    try:
        return _connect(server, timeout)
    except SendFailed:
        raise
    except (socket.gaierror, UnicodeError) as exc:
        raise SendFailed(
            f"The mail server's name, {settings.host}, was not found ({exc}): check the Mail "
            "server on School settings."
        ) from exc
    except ConnectionRefusedError as exc:
        raise SendFailed(f"Nothing answered at {where}: check the server and the port.") from exc
    except TimeoutError as exc:
        raise SendFailed(f"The mail server at {where} did not answer in time.") from exc
    except ssl.SSLError as exc:
        raise SendFailed(
            f"A secure connection to {where} could not be made ({exc.reason or exc}): check "
            "the Security setting matches the port (TLS for 465, STARTTLS for 587)."
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise SendFailed(f"The mail server at {where} could not be reached: {exc}.") from exc


def _close(connection: smtplib.SMTP) -> None:
    """Say goodbye; once the messages are handed over, a lost or odd goodbye changes nothing."""
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


@functools.lru_cache(maxsize=4)
def _tls_context(ca_file: str | None) -> ssl.SSLContext:
    """The checks a secure connection makes (the system's authorities, and the school's own if
    given), made once: reading the system's certificates takes a twentieth of a second."""
    return ssl.create_default_context(cafile=ca_file)


def _connect(server: MailServer, timeout: float) -> smtplib.SMTP:
    settings = server.settings
    context = _tls_context(server.ca_file) if settings.security != "none" else None
    if settings.security == "tls":
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=timeout, context=context
        )
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    try:
        connection.ehlo()
        if settings.security == "starttls":
            if not connection.has_extn("starttls"):
                raise SendFailed(
                    f"The mail server at {settings.host} port {settings.port} does not offer "
                    "STARTTLS: check the port (587 for STARTTLS, 465 for TLS), or ask whoever "
                    "runs it."
                )
            connection.starttls(context=context)
            connection.ehlo()
        if settings.username:
            _log_in(connection, server)
    except BaseException:
        connection.close()
        raise
    return connection


def _log_in(connection: smtplib.SMTP, server: MailServer) -> None:
    settings = server.settings
    if not server.password:
        raise SendFailed(
            f"No password is set for {settings.username}: put it in the app's secrets file "
            "(smtp_password) or the SENDHUB_SMTP_PASSWORD environment variable, then restart."
        )
    if not connection.has_extn("auth"):
        raise SendFailed(
            f"The mail server at {settings.host} does not accept a sign-in on this connection: "
            "check the Security setting (most servers ask for STARTTLS first)."
        )
    try:
        connection.login(settings.username, server.password)
    except smtplib.SMTPAuthenticationError as exc:
        raise SendFailed(
            f"The mail server refused the user name or password for {settings.username} "
            f"(its answer: {_answer(exc)}). Microsoft 365 and Google need SMTP sign-in turned "
            "on for the account, or an app password."
        ) from exc


def _hand_over(connection: smtplib.SMTP, server: MailServer, message: EmailMessage) -> None:
    """MAIL, RCPT, then DATA: a failure before the message's last line went is certain; a lost
    answer after it means the message may have gone."""
    settings = server.settings
    recipient = message["To"].addresses[0].addr_spec
    utf8 = not (settings.from_address + recipient).isascii()
    options = ["SMTPUTF8", "BODY=8BITMIME"] if utf8 else []
    if utf8 and not connection.has_extn("smtputf8"):
        raise SendFailed(
            f"The address {recipient} has letters beyond plain ASCII, which this mail server "
            "cannot take.",
            lasting=True,
        )
    try:
        code, answer = connection.mail(settings.from_address, options)
        if code != 250:
            raise SendFailed(
                f"The mail server refused to send from {settings.from_address} (its answer: "
                f"{code} {_text(answer)}): use an address the account may send as."
            )
        code, answer = connection.rcpt(recipient)
        if code not in (250, 251):
            raise SendFailed(
                f"The mail server refused the address {recipient} (its answer: {code} "
                f"{_text(answer)}): check the parent's email address.",
                lasting=500 <= code < 600,
            )
        data = message.as_bytes(policy=policy.SMTPUTF8 if utf8 else policy.SMTP)
    except smtplib.SMTPServerDisconnected as exc:
        raise SendFailed("The mail server closed the connection before the message went.") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise SendFailed(f"Sending stopped before the message went: {exc}.") from exc
    try:
        code, answer = connection.data(data)
    except smtplib.SMTPDataError as exc:
        raise SendFailed(
            f"The mail server refused the message (its answer: {_answer(exc)}).",
            lasting=500 <= exc.smtp_code < 600,
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise SendFailed(
            "The connection to the mail server was lost while the message was being handed "
            f"over ({exc}): it may or may not have gone.",
            may_have_gone=True,
        ) from exc
    if code != 250:
        raise SendFailed(
            f"The mail server refused the message (its answer: {code} {_text(answer)})."
        )


def _answer(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _text(answer: bytes | str) -> str:
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
    return one_line(text)
