"""Printing transition packs: one pupil's pack, or a class's September handover in one PDF, for
users allowed to print them; each print is audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sendlib import audit, db
from sendlib.access import require
from sendlib.errors import ValidationError
from sendlib.pdf.transition_pack import PackDocument, PackTask, build_batch_pdf, build_pack_pdf
from sendlib.pupils import census, register
from sendlib.school.settings import school_logo, school_name
from sendlib.transition import packs as transition_packs
from sendlib.transition import tracker
from sendlib.transition.packs import Pack
from sendlib.users import User


def status_line(pack: Pack) -> str:
    """Where the pack stands, in words a receiving teacher trusts: who agreed it and when."""
    last = pack.events[-1] if pack.events else None
    on = f"{last.happened_on:%d/%m/%Y}" if last else ""
    if pack.status == "draft":
        return "Draft: not yet shared with the parents"
    if pack.status == "shared with parents":
        return f"Shared with the parents on {on}; not yet agreed"
    agreed = next((e for e in reversed(pack.events) if e.status == "agreed with parents"), None)
    agreement = (
        f"Agreed with the parents on {agreed.happened_on:%d/%m/%Y} by {agreed.person}"
        if agreed
        else "Not agreed with the parents"
    )
    if pack.status == "agreed with parents":
        return agreement
    handed = next(e for e in reversed(pack.events) if e.status == "handed over")
    line = f"{agreement}; handed over to {handed.person} on {handed.happened_on:%d/%m/%Y}"
    if pack.status == "receipt confirmed":
        line += f"; receipt confirmed on {on}"
    return line


def pack_document(cur: db.Cursor, user: User, pack: Pack) -> PackDocument:
    """A pack as the PDF builder takes it."""
    pupil = register.get_pupil(cur, user, pack.pupil_id)
    teacher = f" ({pack.receiving_teacher})" if pack.receiving_teacher else ""
    agreed = next((e for e in reversed(pack.events) if e.status == "agreed with parents"), None)
    return PackDocument(
        pupil_name=pack.pupil_name,
        known_as=pupil.known_as or pupil.legal_forename,
        details=(
            f"{census.year_label(pupil.year_group)}, class {pupil.class_name}; "
            f"born {pupil.date_of_birth:%d/%m/%Y}"
        ),
        move=(
            f"{pack.move_kind.capitalize()}: {pack.receiving_setting}{teacher}, "
            f"from {pack.move_date:%d/%m/%Y}"
        ),
        status=status_line(pack),
        version=pack.version,
        sections=[
            (heading, pack.sections.get(key, ""))
            for key, heading in transition_packs.SECTIONS.items()
        ],
        tasks=[PackTask(t.description, t.owner, t.due_date, t.done_date) for t in pack.tasks],
        parents_comments=agreed.comments if agreed else None,
        stage=pack.status,
    )


def print_pack(
    cur: db.Cursor, user: User, pack_id: int, today: date, large_print: bool = False
) -> bytes:
    """One pupil's transition pack as PDF (large print on request)."""
    require(user, "transition", "print")
    pack = transition_packs.get_pack(cur, user, pack_id)
    document = build_pack_pdf(
        pack_document(cur, user, pack),
        school_name(cur),
        user.name,
        today,
        large_print=large_print,
        logo=school_logo(cur),
    )
    detail = f"pack {pack_id}, version {pack.version}" + (", large print" if large_print else "")
    audit.record_now(cur, user.username, "print transition pack", pack.pupil_id, detail)
    return document


def parents_pack_pdf(cur: db.Cursor, user: User, pack: Pack, today: date) -> bytes:
    """The pack as it is emailed to the parents for their views: without the restricted notes,
    and saying it is theirs to comment on."""
    shown, _ = transition_packs.for_parents(pack)
    document = replace(
        pack_document(cur, user, shown),
        status="Sent to you for your views: not yet agreed",
        stage="shared with parents",
    )
    return build_pack_pdf(document, school_name(cur), user.name, today, logo=school_logo(cur))


def handover_packs(cur: db.Cursor, user: User, class_name: str) -> tuple[list[Pack], list[str]]:
    """The newest pack of each pupil in a class, and the names of pupils with none."""
    require(user, "transition", "open")
    packs, missing = [], []
    for pupil_id, name in tracker.class_pupils(cur, user, class_name):
        found = transition_packs.packs_for_pupil(cur, user, pupil_id)
        if found:
            packs.append(found[0])
        else:
            missing.append(name)
    return packs, missing


def print_handover(
    cur: db.Cursor,
    user: User,
    class_name: str,
    new_teacher: str,
    today: date,
    large_print: bool = False,
) -> bytes:
    """A class's September handover: every pupil's pack for their new teacher, in one PDF."""
    require(user, "transition", "print")
    packs, _ = handover_packs(cur, user, class_name)
    if not packs:
        raise ValidationError.one("Class", f"no pupil in {class_name} has a transition pack yet")
    for_whom = f" for {new_teacher.strip()}" if (new_teacher or "").strip() else ""
    document = build_batch_pdf(
        [pack_document(cur, user, pack) for pack in packs],
        f"September handover: class {class_name}{for_whom}",
        school_name(cur),
        user.name,
        today,
        large_print=large_print,
        logo=school_logo(cur),
    )
    audit.record_now(
        cur,
        user.username,
        "print transition handover",
        detail=f"class {class_name}: {len(packs)} packs",
    )
    return document
