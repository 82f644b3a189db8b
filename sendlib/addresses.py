"""Email addresses as people type them: checked for shape (never for delivery) and kept in one
written form, for parents, agencies, staff accounts and the school's mail server alike."""

from __future__ import annotations

import functools

from email_validator import EmailNotValidError, validate_email

from sendlib.errors import Problem, is_broken


def as_typed(text: object, what: str) -> tuple[str, str | None]:
    """What was typed, trimmed; and, when it holds a broken character, what to say."""
    typed = str(text or "").strip()
    return typed, (f"holds a broken character: type the {what} again" if is_broken(typed) else None)


@functools.lru_cache(maxsize=8192)
def email_address(text: object) -> tuple[str | None, str | None]:
    """An email address with its domain in lower case, or None when blank; and what is wrong."""
    typed, broken = as_typed(text, "address")
    if not typed or broken:
        return None, broken
    try:
        return validate_email(typed, check_deliverability=False).normalized, None
    except EmailNotValidError:
        return None, f"'{typed}' is not an email address (for example name@example.org)"


def email_field(text: object, label: str, problems: list[Problem]) -> str | None:
    """email_address() for a form's field: the address, or None, noting what is wrong under
    the field's label."""
    address, wrong = email_address(text)
    if wrong:
        problems.append(Problem(label, wrong))
    return address
