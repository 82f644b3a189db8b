"""Altair chart builders: a DataFrame in, a chart out, no I/O. One palette for the whole app.

Colours follow the Okabe-Ito palette, which stays distinguishable with the common forms of colour
blindness; each channel and each status keeps its colour on every screen and in every report.
"""

from __future__ import annotations

from datetime import date, timedelta
from math import ceil

import altair as alt
import pandas as pd

CHANNEL_COLOURS = {
    "phone": "#0072B2",
    "email": "#E69F00",
    "text": "#56B4E9",
    "letter": "#999999",
    "meeting in person": "#009E73",
    "video call": "#CC79A7",
    "home-school book": "#D55E00",
}
STATUS_COLOURS = {
    "SEN support (K)": "#0072B2",
    "EHC plan (E)": "#D55E00",
    "Monitoring (cause for concern)": "#999999",
}
KIND_SHAPES = {"entry": "circle", "meeting": "square", "action due": "triangle-down"}
LABEL_SIZE = 14
TITLE_SIZE = 16


def _scale(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def _readable(chart: alt.Chart) -> alt.Chart:
    """Large labels, so a chart reads on a projector at the back of the staff room."""
    return (
        chart.configure_axis(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE)
        .configure_legend(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE, labelLimit=0)
        .configure_title(fontSize=TITLE_SIZE)
        .configure_header(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE)
    )


# The time axis of a pupil's chart: up to this many days shows each day, up to this many weeks
# each Monday, and longer spans months: every month, or every 2, 3, 6 or 12, ... so that at most
# MAX_MONTH_TICKS are labelled.
# Few enough that the labels never crowd, even at 1366 pixels wide with the legend beside.
DAY_TICKS_UP_TO = 8
WEEK_TICKS_UP_TO = 9
MAX_MONTH_TICKS = 8
MONTH_STEPS = (1, 2, 3, 6, 12)
DAY_FORMAT = "%-d %b"
MONTH_FORMAT = "%b %Y"


def _month_start(day: date, months_on: int = 0) -> date:
    months = day.year * 12 + day.month - 1 + months_on
    return date(months // 12, months % 12 + 1, 1)


def time_ticks(first: date, last: date) -> tuple[list[date], str]:
    """Where a time axis from `first` to `last` (inclusive) puts its ticks, and the strftime
    format of their labels: days for a short span, Mondays for a few weeks, months for longer.
    The first tick is on or before `first`, the last after the whole of `last`, and no two
    labels read the same."""
    span = (last - first).days
    if span <= DAY_TICKS_UP_TO:
        return [first + timedelta(days=n) for n in range(span + 2)], DAY_FORMAT
    if span <= WEEK_TICKS_UP_TO * 7:
        monday = first - timedelta(days=first.weekday())
        weeks = (last - monday).days // 7 + 2
        return [monday + timedelta(weeks=n) for n in range(weeks)], DAY_FORMAT
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    needed = ceil(months / MAX_MONTH_TICKS)
    step = next((s for s in MONTH_STEPS if s >= needed), 12 * ceil(needed / 12))
    begin = _month_start(first)
    count = ceil(months / step) + 1
    return [_month_start(begin, n * step) for n in range(count)], MONTH_FORMAT


def _datetime(day: date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day)


def pupil_timeline(points: pd.DataFrame) -> alt.Chart:
    """One pupil's contacts on a time axis, coloured by channel; meetings and due dates marked.

    Expects columns: when (datetime), channel, kind ('entry', 'meeting' or 'action due'), label.
    The axis is labelled in days, weeks or months to suit the span shown, and the legends list
    only the channels and kinds that appear.
    """
    lanes = {"entry": "Contacts", "meeting": "Meetings", "action due": "Actions due"}
    when = pd.to_datetime(points["when"])
    if when.dt.tz is not None:
        # Drawn as the school's wall-clock time, so a day's ticks match its points anywhere.
        when = when.dt.tz_localize(None)
    frame = points.assign(lane=points["kind"].map(lanes), when=when)
    days = when.dropna().dt.date
    ticks, label_format = time_ticks(days.min(), days.max()) if len(days) else ([], DAY_FORMAT)
    x_axis = alt.Axis(format=label_format, labelAngle=0, labelOverlap=False)
    x_scale = alt.Scale()
    if ticks:
        x_axis.values = [_datetime(t) for t in ticks]
        x_scale = alt.Scale(domain=[_datetime(ticks[0]), _datetime(ticks[-1])], nice=False)
    colours = {**CHANNEL_COLOURS, "action": "#000000"}
    used = set(frame["channel"])
    shown = {channel: colour for channel, colour in colours.items() if channel in used}
    kinds = {kind: shape for kind, shape in KIND_SHAPES.items() if kind in set(frame["kind"])}
    chart = (
        alt.Chart(frame)
        .mark_point(filled=True, size=140, opacity=0.85)
        .encode(
            x=alt.X("when:T", title=None, axis=x_axis, scale=x_scale),
            y=alt.Y("lane:N", title=None, sort=list(lanes.values())),
            # Beneath the chart, side by side: beside it, a tall pair of legends is cut off.
            color=alt.Color(
                "channel:N",
                title="Channel",
                scale=_scale(shown),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "kind:N",
                title="Kind",
                scale=alt.Scale(domain=list(kinds), range=list(kinds.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("when:T", title="When", format="%d/%m/%Y %H:%M"),
                alt.Tooltip("channel:N", title="Channel"),
                alt.Tooltip("label:N", title="Subject"),
            ],
        )
        .properties(height=320, title="Contacts, meetings and actions over time")
    )
    return _readable(chart)


def _weekly_stack(
    frame: pd.DataFrame,
    week: str,
    value: str,
    part: str,
    colours: dict[str, str],
    title: str,
    height: int,
) -> alt.Chart:
    """Bars per week (ordinal, so each bar reads and holidays simply have no bar), stacked by
    `part` in its fixed colours, with `value` summed."""
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                f"yearmonthdate({week}):O",
                title="Week beginning",
                axis=alt.Axis(format="%d %b", labelAngle=-45),
            ),
            y=alt.Y(f"sum({value}):Q", title=value.capitalize()),
            color=alt.Color(f"{part}:N", title=part.capitalize(), scale=_scale(colours)),
            order=alt.Order(f"{part}:N"),
            tooltip=[
                alt.Tooltip(f"{week}:T", title="Week beginning", format="%d %b %Y"),
                alt.Tooltip(f"{part}:N", title=part.capitalize()),
                alt.Tooltip(f"sum({value}):Q", title=value.capitalize()),
            ],
        )
        .properties(height=height, title=title)
    )
    return _readable(chart)


def contacts_by_week(counts: pd.DataFrame) -> alt.Chart:
    """School-wide contacts per week, stacked by channel.

    Expects columns: week (date of the Monday), channel, count.
    """
    frame = counts.rename(columns={"count": "contacts"})
    return _weekly_stack(
        frame,
        "week",
        "contacts",
        "channel",
        CHANNEL_COLOURS,
        "Contacts with families each week, by channel",
        300,
    )


# ---- the staff-meeting dashboard and the termly report ----------------------------------------

# How many meetings with parents this year: none stands out, three or more reads as done.
MEETING_COLOURS = {"0": "#D55E00", "1": "#E69F00", "2": "#56B4E9", "3+": "#009E73"}
PROMISE_COLOURS = {
    "overdue": "#D55E00",
    "due this week": "#E69F00",
    "open": "#56B4E9",
    "done late": "#CC79A7",
    "done on time": "#009E73",
}
SURGERY_COLOURS = {
    "attended": "#009E73",
    "booked": "#0072B2",
    "no-show": "#D55E00",
    "held": "#F0E442",
    "free": "#BBBBBB",
}
OTHER_CLASSES_COLOUR = "#666666"


def _year_order(label: str) -> int:
    """'Nursery' before 'Reception' before 'Year 1' ... 'Year 13'."""
    if label.startswith("Year "):
        return int(label.split()[1])
    return {"Nursery": -1, "Reception": 0}.get(label, 99)


def register_by_year(counts: pd.DataFrame) -> alt.Chart:
    """Pupils on the register by year group, stacked by SEN status.

    Expects columns: Year, Status, Pupils (more columns are summed over).
    """
    years = sorted(set(counts["Year"]), key=_year_order)
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("Year:N", title=None, sort=years, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(Pupils):Q", title="Pupils"),
            color=alt.Color("Status:N", title="Status", scale=_scale(STATUS_COLOURS)),
            tooltip=["Year:N", "Status:N", alt.Tooltip("sum(Pupils):Q", title="Pupils")],
        )
        .properties(height=300, title="Pupils on the SEN register by year group")
    )
    return _readable(chart)


def meetings_with_parents(distribution: pd.DataFrame) -> alt.Chart:
    """How many pupils' parents were met 0, 1, 2 or 3+ times, this term and this school year.

    Expects columns: Period, Meetings ('0', '1', '2', '3+'), Pupils.
    """
    frame = distribution.assign(Meetings=distribution["Meetings"].astype(str))
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "Meetings:N",
                title="Meetings with parents",
                sort=list(MEETING_COLOURS),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("Pupils:Q", title="Pupils"),
            color=alt.Color(
                "Meetings:N", title="Meetings", scale=_scale(MEETING_COLOURS), legend=None
            ),
            column=alt.Column("Period:N", title=None, sort=["This term", "This school year"]),
            tooltip=["Period:N", "Meetings:N", "Pupils:Q"],
        )
        .properties(width=220, height=260, title="Meeting parents (Code of Practice 6.65)")
    )
    return _readable(chart)


def promises_by_owner(promises: pd.DataFrame) -> alt.Chart:
    """Actions agreed with families, by who owns them, stacked by state.

    Expects columns: Owner kind, State, Actions.
    """
    chart = (
        alt.Chart(promises)
        .mark_bar()
        .encode(
            y=alt.Y("Owner kind:N", title=None),
            x=alt.X("sum(Actions):Q", title="Actions"),
            color=alt.Color("State:N", title="State", scale=_scale(PROMISE_COLOURS)),
            order=alt.Order("State:N"),
            tooltip=["Owner kind:N", "State:N", alt.Tooltip("sum(Actions):Q", title="Actions")],
        )
        .properties(height=alt.Step(44), title="Promises kept")
    )
    return _readable(chart)


def surgery_use(weeks: pd.DataFrame) -> alt.Chart:
    """Surgery slots per week: attended, booked, missed, held and free (and taken for other
    classes, when the figures cover some classes only).

    Expects columns: Week beginning, Attended, Booked, No-show, Held, Free (and Other classes).
    """
    columns = {"Attended": "attended", "Booked": "booked", "No-show": "no-show", "Held": "held",
               "Free": "free"}  # fmt: skip
    colours = SURGERY_COLOURS
    if "Other classes" in weeks:
        columns["Other classes"] = "other classes"
        colours = {**SURGERY_COLOURS, "other classes": OTHER_CLASSES_COLOUR}
    long = (
        weeks[["Week beginning", *columns]]
        .melt(id_vars=["Week beginning"], var_name="Slot", value_name="Slots")
        .assign(Slot=lambda f: f["Slot"].map(columns))
    )
    return _weekly_stack(
        long, "Week beginning", "Slots", "Slot", colours,
        "Parent surgeries: slots each week", 260,
    )  # fmt: skip
