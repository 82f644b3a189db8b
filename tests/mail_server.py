"""A real SMTP server on loopback (aiosmtpd) for the email tests, keeping what it received; it
can speak STARTTLS or TLS with a certificate made for the test, ask for a password, refuse an
address, or drop the connection while a message is being handed over."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sendlib.mail.server import MailServer, MailSettings
from tests.local_server import free_port

USER, PASSWORD = "senco@school.example", "the-right-password"


@dataclass
class Inbox:
    """What the server received, and how it behaves."""

    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered 550
    drop_data: bool = False  # close the connection instead of answering the message

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.drop_data:
            server.transport.close()
            return "421 closing"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.received.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 2.0.0 Queued"


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost; its file and its key's file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "server.pem", folder / "server.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@contextmanager
def smtp_server(folder: Path, security: str = "none", inbox: Inbox | None = None):
    """A server on a free loopback port; yields (its Inbox, a MailServer for the app to use).
    With STARTTLS or TLS it asks for USER and PASSWORD; with none it is an open relay."""
    inbox = inbox or Inbox()
    port = free_port()
    kwargs: dict = {}
    cert_file = None
    if security != "none":
        cert_file, key_file = make_certificate(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        kwargs = {"authenticator": _authenticate, "auth_require_tls": True}
        if security == "tls":
            # aiosmtpd counts only STARTTLS as encrypted; this whole connection is.
            kwargs.update(ssl_context=context, auth_require_tls=False)
        else:
            kwargs.update(tls_context=context, require_starttls=True)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        settings = MailSettings(
            host="127.0.0.1", port=port, security=security,
            username=USER if security != "none" else None,
            from_address="senco@school.example", from_name="Northfield Primary SENCo",
            reply_to="office@school.example",
        )  # fmt: skip
        password = PASSWORD if security != "none" else None
        yield inbox, MailServer(settings, password, str(cert_file) if cert_file else None)
    finally:
        controller.stop()


def settings_for(mail_server: MailServer) -> dict:
    """The School settings form's values for this test server (no security, no sign-in)."""
    s = mail_server.settings
    return {"host": s.host, "port": str(s.port), "security": "none",
            "from_address": s.from_address, "from_name": s.from_name}  # fmt: skip


@contextmanager
def school_mail(cur, folder: Path) -> Iterator[tuple[Inbox, MailServer]]:
    """A loopback SMTP server (no security) set by the SENCo as the school's mail server;
    yields its inbox and the server as the app reads it."""
    from sendlib import users
    from sendlib.mail import server

    with smtp_server(folder) as (inbox, mail_server):
        server.save_mail_settings(cur, users.get_user(cur, "senco"), settings_for(mail_server))
        yield inbox, mail_server
