"""Altair chart builders: a DataFrame in, a chart out, no I/O. One palette for the whole app.

Colours follow the Okabe-Ito palette, which stays distinguishable with the common forms of colour
blindness; each channel and each status keeps its colour on every screen and in every report.
"""

from __future__ import annotations

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
        .configure_legend(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE)
        .configure_title(fontSize=TITLE_SIZE)
    )


def pupil_timeline(points: pd.DataFrame) -> alt.Chart:
    """One pupil's contacts on a time axis, coloured by channel; meetings and due dates marked.

    Expects columns: when (datetime), channel, kind ('entry', 'meeting' or 'action due'), label.
    """
    lanes = {"entry": "Contacts", "meeting": "Meetings", "action due": "Actions due"}
    frame = points.assign(lane=points["kind"].map(lanes))
    chart = (
        alt.Chart(frame)
        .mark_point(filled=True, size=140, opacity=0.85)
        .encode(
            x=alt.X("when:T", title=None, axis=alt.Axis(format="%b %Y")),
            y=alt.Y("lane:N", title=None, sort=list(lanes.values())),
            color=alt.Color(
                "channel:N",
                title="Channel",
                scale=_scale({**CHANNEL_COLOURS, "action": "#000000"}),
            ),
            shape=alt.Shape(
                "kind:N",
                title="Kind",
                scale=alt.Scale(domain=list(KIND_SHAPES), range=list(KIND_SHAPES.values())),
            ),
            tooltip=[
                alt.Tooltip("when:T", title="When", format="%d %b %Y %H:%M"),
                alt.Tooltip("channel:N", title="Channel"),
                alt.Tooltip("label:N", title="Subject"),
            ],
        )
        .properties(height=220, title="Contacts, meetings and actions over time")
    )
    return _readable(chart)


def contacts_by_week(counts: pd.DataFrame) -> alt.Chart:
    """School-wide contacts per week, stacked by channel.

    Expects columns: week (date of the Monday), channel, count.
    """
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            # Ordinal weeks give each bar a readable width; holidays simply have no bar.
            x=alt.X(
                "yearmonthdate(week):O",
                title="Week beginning",
                axis=alt.Axis(format="%d %b", labelAngle=-45),
            ),
            y=alt.Y("sum(count):Q", title="Contacts"),
            color=alt.Color("channel:N", title="Channel", scale=_scale(CHANNEL_COLOURS)),
            order=alt.Order("channel:N"),
            tooltip=[
                alt.Tooltip("week:T", title="Week beginning", format="%d %b %Y"),
                alt.Tooltip("channel:N", title="Channel"),
                alt.Tooltip("count:Q", title="Contacts"),
            ],
        )
        .properties(height=300, title="Contacts with families each week, by channel")
    )
    return _readable(chart)
