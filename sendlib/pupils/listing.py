"""The SEN register as a list: the pupils a user may see, narrowed by the filters, with the
counts by status, the classes and year groups to choose from, and the filters in words."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sendlib import db
from sendlib.access import can, pupil_scope, require
from sendlib.errors import composed
from sendlib.pupils import census
from sendlib.reporting import staff_meeting
from sendlib.users import User

REGISTER_COLUMNS = [
    "pupil_id",
    "Name",
    "Year",
    "Class",
    "Status",
    "Primary need",
    "Secondary need",
    "Broad area",
    "EHCP review due",
    "Parents prefer",
    "UPN",
    "Left",
]


# What the register shows, in order, with widths in pixels that fit a school laptop (1366 px
# wide): the class says the year group, and the broad area, UPN and year are on the profile
# and in the export.
REGISTER_SHOWN = {"Name": 135, "Class": 60, "Status": 195, "Left": 95, "Primary need": 95,
                  "Secondary need": 110, "EHCP review due": 120, "Parents prefer": 155}  # fmt: skip


@dataclass(frozen=True)
class RegisterFilter:
    """What the register page asks for; every field narrows the list."""

    year_groups: tuple[int, ...] = ()
    classes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    broad_areas: tuple[str, ...] = ()
    search: str = ""
    leavers: bool = False


_REGISTER_SQL = """
WITH open_status AS (
    SELECT pupil_id, status, start_date FROM sen_status WHERE end_date IS NULL
), last_status AS (
    SELECT pupil_id, arg_max(status, start_date) AS status FROM sen_status GROUP BY pupil_id
), need AS (
    SELECT pupil_id,
           max(code) FILTER (WHERE rank = 1) AS primary_need,
           max(code) FILTER (WHERE rank = 2) AS secondary_need
    FROM needs GROUP BY pupil_id
), channel AS (
    SELECT pupil_id, string_agg(DISTINCT preferred_channel, ', ') AS channels
    FROM contacts WHERE ended_on IS NULL GROUP BY pupil_id
)
SELECT p.pupil_id, p.known_as, p.legal_forename, p.legal_surname, p.upn, p.year_group,
       p.class_name, coalesce(s.status, ls.status) AS status, n.primary_need, n.secondary_need,
       e.next_review, c.channels, p.date_left
FROM pupils p
LEFT JOIN open_status s USING (pupil_id)
LEFT JOIN last_status ls USING (pupil_id)
LEFT JOIN need n USING (pupil_id)
LEFT JOIN ehc_plans e USING (pupil_id)
LEFT JOIN channel c USING (pupil_id)
WHERE {where}
ORDER BY p.year_group, p.class_name, p.legal_surname, p.legal_forename
"""


@dataclass(frozen=True)
class RegisterList:
    """A register list as this user may see it now, and what its pupils' statuses and needs
    add up to: in staff-meeting mode the counts are all a list says about needs."""

    frame: pd.DataFrame
    by_status: dict[str, int]
    by_need: pd.DataFrame  # "Primary need", "Pupils": the list's pupils by their primary need


def list_register(cur: db.Cursor, user: User, filters: RegisterFilter) -> pd.DataFrame:
    """The pupils on the register that this user may see, narrowed by the filters."""
    return register_list(cur, user, filters).frame


def register_list(cur: db.Cursor, user: User, filters: RegisterFilter) -> RegisterList:
    """The register list for these filters with its counts by status and by primary need."""
    frame = _unmasked_register(cur, user, _meeting_filters(user, filters))
    needs = frame["Primary need"].map(lambda code: census.need_label(code) or "No need recorded")
    by_need = pd.DataFrame(
        [(need, int(n)) for need, n in needs.value_counts().items()],
        columns=["Primary need", "Pupils"],
    )
    return RegisterList(
        staff_meeting.by_year_and_initials(staff_meeting.mask(frame, user), user),
        count_by_status(frame),
        by_need,
    )


def pupil_choices(cur: db.Cursor, user: User) -> dict[int, str]:
    """The pupils on the register this user may choose, by id: 'Zoë O'Connor-Smith (2A)', or in
    staff-meeting mode by initials and year group, 'Z. O., Year 2'."""
    frame = list_register(cur, user, RegisterFilter())
    if staff_meeting.in_staff_meeting(user):
        labels = frame["Name"] + ", " + frame["Year"]
    else:
        labels = frame["Name"] + " (" + frame["Class"] + ")"
    return dict(zip(frame["pupil_id"], labels, strict=True))


def register_caption(user: User) -> str:
    """What the register list is, and what a row does for this user now."""
    listed = "Pupils on SEN support, with EHC plans, or on the monitoring list"
    if staff_meeting.in_staff_meeting(user):
        return (
            f"{listed}, by initials and year group. In staff-meeting mode needs and statuses are "
            "counted, never shown beside a pupil; pupils who share initials are numbered."
        )
    return f"{listed}. Choose a row to open." if can(user, "pupil") else f"{listed}."


def _meeting_filters(user: User, filters: RegisterFilter) -> RegisterFilter:
    """On a projector, a typed name would pick a pupil out, and so would a class or a need put
    beside the pupils' initials: only the year group and leavers narrow the list."""
    if not staff_meeting.in_staff_meeting(user):
        return filters
    return RegisterFilter(year_groups=filters.year_groups, leavers=filters.leavers)


def _unmasked_register(cur: db.Cursor, user: User, filters: RegisterFilter) -> pd.DataFrame:
    require(user, "register")
    visible, params = pupil_scope(user).where()
    where = [visible]
    if filters.leavers:
        where.append("p.date_left IS NOT NULL")
    else:
        where += ["p.date_left IS NULL", "s.status IS NOT NULL"]
    for column, chosen in (
        ("p.year_group", filters.year_groups),
        ("p.class_name", filters.classes),
        ("coalesce(s.status, ls.status)", filters.statuses),
    ):
        if chosen:
            where.append(f"{column} IN ({', '.join('?' for _ in chosen)})")
            params += list(chosen)
    needs = list(filters.needs)
    for area in filters.broad_areas:
        needs += census.BROAD_AREAS.get(area, ())
    if filters.broad_areas and not filters.needs:
        marks = ", ".join("?" for _ in needs) or "NULL"
        where.append(f"n.primary_need IN ({marks})")
        params += needs
    elif filters.needs:
        marks = ", ".join("?" for _ in filters.needs)
        where.append(f"(n.primary_need IN ({marks}) OR n.secondary_need IN ({marks}))")
        params += list(filters.needs) * 2
        if filters.broad_areas:
            area_codes = [c for a in filters.broad_areas for c in census.BROAD_AREAS.get(a, ())]
            where.append(f"n.primary_need IN ({', '.join('?' for _ in area_codes) or 'NULL'})")
            params += area_codes
    text = composed(filters.search.strip())
    if text:
        where.append(
            "(p.upn ILIKE ? OR concat_ws(' ', p.legal_forename, p.known_as, p.legal_surname) "
            "ILIKE ? OR concat_ws(' ', coalesce(p.known_as, p.legal_forename), p.legal_surname) "
            "ILIKE ?)"
        )
        like = f"%{text}%"
        params += [like, like, like]
    rows = cur.execute(_REGISTER_SQL.format(where=" AND ".join(where)), params).df()
    return _register_frame(rows)


def _register_frame(rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=REGISTER_COLUMNS)
    first = rows["known_as"].where(rows["known_as"].notna(), rows["legal_forename"])
    frame = pd.DataFrame(
        {
            "pupil_id": rows["pupil_id"].astype(int),
            "Name": first + " " + rows["legal_surname"],
            "Year": [census.year_label(int(y)) for y in rows["year_group"]],
            "Class": rows["class_name"],
            "Status": [
                census.status_label(s) if isinstance(s, str) else "" for s in rows["status"]
            ],
            "Primary need": rows["primary_need"].fillna(""),
            "Secondary need": rows["secondary_need"].fillna(""),
            "Broad area": [census.broad_area(c) or "" for c in rows["primary_need"].fillna("")],
            "EHCP review due": pd.to_datetime(rows["next_review"]).dt.date,
            "Parents prefer": rows["channels"].fillna(""),
            "UPN": rows["upn"],
            "Left": pd.to_datetime(rows["date_left"]).dt.date,
        }
    )
    return frame.reset_index(drop=True)


def count_by_status(frame: pd.DataFrame) -> dict[str, int]:
    """How many pupils in a register list are at each status, and in all."""
    counts = {label: 0 for label in ("SEN support (K)", "EHC plan (E)", STATUS_MONITORING)}
    for label, number in frame["Status"].value_counts().items():
        counts[label] = int(number)
    counts["All"] = len(frame)
    return counts


STATUS_MONITORING = census.status_label("monitoring")


def list_classes(cur: db.Cursor, user: User) -> list[str]:
    """The classes this user may filter by."""
    visible, params = pupil_scope(user).where()
    rows = cur.execute(
        f"SELECT DISTINCT class_name, year_group FROM pupils p WHERE {visible} "
        "ORDER BY year_group, class_name",
        params,
    ).fetchall()
    return [r[0] for r in rows]


def list_year_groups(cur: db.Cursor, user: User) -> list[int]:
    """The year groups this user may filter by."""
    visible, params = pupil_scope(user).where()
    rows = cur.execute(
        f"SELECT DISTINCT year_group FROM pupils p WHERE {visible} ORDER BY year_group", params
    ).fetchall()
    return [r[0] for r in rows]


def _filter_parts(filters: RegisterFilter) -> list[str]:
    parts = []
    if filters.year_groups:
        parts.append(", ".join(census.year_label(y) for y in filters.year_groups))
    if filters.classes:
        parts.append("class " + ", ".join(filters.classes))
    if filters.statuses:
        parts.append(", ".join(census.status_label(s) for s in filters.statuses))
    if filters.needs:
        parts.append("need " + ", ".join(filters.needs))
    if filters.broad_areas:
        parts.append(", ".join(filters.broad_areas))
    if filters.search.strip():
        parts.append(f"matching '{filters.search.strip()}'")
    return parts


def describe_filter(filters: RegisterFilter) -> str:
    """The filters in words, for the top of a printed or exported list."""
    parts = _filter_parts(filters)
    subject = "Leavers" if filters.leavers else "Pupils on the register"
    return subject + (": " + "; ".join(parts) if parts else " (all)")


def describe_no_match(filters: RegisterFilter) -> str:
    """What an empty register says, with the filters in words."""
    parts = _filter_parts(filters)
    if not parts:
        return "No leavers yet." if filters.leavers else "Nobody is on the register yet."
    return (
        f"No {'leavers' if filters.leavers else 'pupils'} match these filters "
        f"({'; '.join(parts)}). Clear the search or a filter to see more."
    )
