"""The sign-in cookie: the signed token naming a sign-in, reading one a browser sends (a cookie
that does not verify names no sign-in, and is audited once), and whether the browser came over
HTTPS, when the cookie is marked Secure. Whether the sign-in it names still holds is for
sendlib.signins."""

from __future__ import annotations

import hashlib
from datetime import datetime

import jwt

from sendlib import audit, db
from sendlib.signins import SignIn

COOKIE_ALGORITHM = "HS256"


def reached_over_https(url: object, forwarded_proto: object) -> bool:
    """Whether the browser reached the app over HTTPS (its address, or the school's proxy's
    X-Forwarded-Proto header, says so): then the sign-in cookie is marked Secure."""
    by_address = isinstance(url, str) and url.lower().startswith("https://")
    by_proxy = isinstance(forwarded_proto, str) and forwarded_proto.strip().lower() == "https"
    return by_address or by_proxy


def cookie_token(sign_in: SignIn, expires: datetime, key: str) -> str:
    """The signed value of the sign-in cookie: which sign-in, for whom, until when."""
    payload = {"sid": sign_in.sign_in_id, "username": sign_in.username}
    payload["exp"] = int(expires.timestamp())
    return jwt.encode(payload, key, algorithm=COOKIE_ALGORITHM)


def sign_in_id_from_cookie(token: str, key: str) -> str | None:
    """The sign-in a cookie names, or None when it does not verify (wrong key, another
    algorithm, altered, expired, or not one of this app's)."""
    try:
        payload = jwt.decode(
            token, key, algorithms=[COOKIE_ALGORITHM], options={"require": ["exp", "sid"]}
        )
    except jwt.PyJWTError:
        return None
    sid = payload.get("sid")
    return sid if isinstance(sid, str) and sid else None


def refuse_cookie(cur: db.Cursor, token: str, source: str) -> bool:
    """Audit a sign-in cookie that did not verify, once per cookie; True when newly audited."""
    fingerprint = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:16]
    detail = f"cookie {fingerprint} from {source}"

    def work(c: db.Cursor) -> bool:
        seen = db.scalar(
            c,
            "SELECT 1 FROM audit_log WHERE action = 'refuse sign-in cookie' AND detail = ?",
            [detail],
        )
        if not seen:
            audit.record(c, None, "refuse sign-in cookie", detail=detail)
        return not seen

    return db.write(cur, work)
