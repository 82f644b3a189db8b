"""The import screen, for each kind of MIS file: upload, match the columns, see every row with
what importing it would do, then import all of it or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from sendlib import db, ui
from sendlib.errors import SendHubError
from sendlib.pupils import importing
from sendlib.ui import md_escape, today
from sendlib.users import User
from sendlib.words import counted

LISTED_ROWS = 200  # beyond this, the table holds the rest
_SAVED_LATER = "Nothing is saved until you have seen every row and pressed Import."
# What each kind of file is, and what importing it does (Markdown).
ABOUT = {
    "import": (
        "Upload a CSV exported from your MIS (SIMS, Arbor, Bromcom…). " + _SAVED_LATER + " "
        "Importing the same file again updates pupils by UPN and never makes duplicates."
    ),
    "contacts_import": (
        "Upload the contacts report from your MIS: one row for each parent or carer, with the pupil's "
        "UPN. " + _SAVED_LATER + "\n\n"
        "- A parent or carer already here is matched by the pupil, their name and "
        "relationship: importing the same file again updates them and never duplicates.\n"
        "- A blank cell never wipes what you hold, and what only this app keeps (how they like "
        "to be contacted, the best times, barriers, language) is never changed.\n"
        "- New parents and carers come after those already here, in the file's priority order.\n"
        "- Rows for pupils who are not on the register are skipped and counted."
    ),
}


@dataclass(frozen=True)
class Kind:
    """One kind of MIS file: what it holds, its fields, and how it is checked and written."""

    form: str  # the prefix of its widgets' keys; ABOUT says what the file is
    row_is: str
    fields: dict[str, str]
    aliases: dict[str, tuple[str, ...]]
    preview: Callable[[db.Cursor, User, Any, dict, str], Any]
    apply: Callable[[db.Cursor, User, Any], Any]
    metrics: Callable[[Any], list[tuple[str, int]]]
    done: Callable[[Any], str]


PUPILS = Kind(
    form="import",
    row_is="one pupil",
    fields=importing.FIELDS,
    aliases=importing.read.ALIASES,
    preview=lambda cur, user, frame, mapping, name: importing.preview_import(
        cur, user, frame, mapping, today(), name
    ),
    apply=lambda cur, user, preview: importing.apply_import(cur, user, preview, today()),
    metrics=lambda p: [("New pupils", p.new), ("Updated", p.updated), ("No change", p.unchanged)],
    done=lambda r: f"{r.created:d} new, {r.updated:d} updated, {r.unchanged:d} unchanged.",
)

CONTACTS = Kind(
    form="contacts_import",
    row_is="one parent or carer",
    fields=importing.contact_rows.FIELDS,
    aliases=importing.contact_rows.ALIASES,
    preview=importing.preview_contacts,
    apply=importing.apply_contacts,
    metrics=lambda p: [
        ("New parents and carers", p.new),
        ("Updated", p.updated),
        ("No change", p.unchanged),
        ("Skipped", p.skipped),
    ],
    done=lambda r: (
        f"{r.created:d} new, {r.updated:d} updated, {r.unchanged:d} unchanged, "
        f"{r.skipped:d} skipped."
    ),
)


def _match_columns(kind: Kind, headers: list[str]) -> dict[str, str | None]:
    suggested = importing.suggest_mapping(headers, kind.aliases)
    mapping = {}
    columns = st.columns(3)
    for index, (field, label) in enumerate(kind.fields.items()):
        options = [None, *headers]
        guess = suggested.get(field)
        mapping[field] = columns[index % 3].selectbox(
            label,
            options,
            index=options.index(guess) if guess in options else 0,
            format_func=lambda h: "(not in this file)" if h is None else h,
            key=f"{kind.form}_map_{field}",
        )
    return mapping


def _show_refused(preview: Any) -> None:
    # In full above the table: a table cell cuts long problems off.
    refused = importing.describe_refused_rows(preview)
    listed = "\n".join(f"- {md_escape(line)}" for line in refused[:LISTED_ROWS])
    more = len(refused) - LISTED_ROWS
    st.error(
        "Nothing will be imported until every row is right. Correct the file (or the column "
        "matches above) and upload it again.\n\n"
        + listed
        + (f"\n\n…and {more:,} more rows with problems: see the table." if more > 0 else "")
    )


def import_file(cur: db.Cursor, user: User, kind: Kind) -> None:
    """The whole screen for one kind of file; nothing is saved until Import is pressed."""
    st.markdown(ABOUT[kind.form])
    # After an import: what was done, and no button that would import the same rows again.
    if done := st.session_state.get(f"{kind.form}_done"):
        st.success(done)
        st.button(
            "Import another file",
            type="primary",
            key=f"{kind.form}_again",
            on_click=st.session_state.pop,
            args=(f"{kind.form}_done", None),
        )
        return
    upload = st.file_uploader("CSV file", type=["csv"], key=ui.form_keys(kind.form)("file"))
    if upload is None:
        return
    try:
        frame = importing.read_csv(upload.getvalue(), row_is=kind.row_is)
    except SendHubError as exc:
        st.error(f"{md_escape(upload.name)}: {md_escape(exc)}")
        return
    st.subheader("1. Match the columns")
    mapping = _match_columns(kind, list(frame.columns))
    st.subheader("2. Check every row")
    try:
        preview = kind.preview(cur, user, frame, mapping, upload.name)
    except SendHubError as exc:
        st.error(md_escape(exc))
        return
    figures = [
        *kind.metrics(preview),
        ("Rows with problems", int((preview.rows["Action"] == "error").sum())),
    ]
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, value)
    if not preview.ok:
        _show_refused(preview)
    ui.table(preview.rows, f"{kind.form}_preview")
    if not preview.ok:
        return
    st.subheader("3. Import")
    if st.button(f"Import {len(preview.rows)} rows", type="primary", key=f"{kind.form}_go"):
        with ui.reporting_errors():
            result = kind.apply(cur, user, preview)
            st.session_state[f"{kind.form}_done"] = (
                f"Imported {counted(len(preview.rows), 'row')} from {md_escape(upload.name)}: "
                + kind.done(result)
            )
            ui.renew_form(kind.form)  # the next file starts with an empty upload box
            st.rerun()
