"""Chart builders: what each chart encodes, and the same colour for a channel everywhere."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from sendlib import charts


def spec(chart) -> dict:
    return chart.to_dict()


def test_pupil_timeline_marks_meetings_and_due_dates_and_colours_by_channel():
    points = pd.DataFrame(
        {
            "when": [datetime(2026, 10, 5, 9), datetime(2026, 10, 12, 15), datetime(2026, 11, 2)],
            "channel": ["phone", "meeting in person", "action"],
            "kind": ["entry", "meeting", "action due"],
            "label": ["Reading at home", "APDR review", "Send the visual timetable"],
        }
    )
    chart = spec(charts.pupil_timeline(points))
    encoding = chart["encoding"]
    assert encoding["x"]["field"] == "when" and encoding["x"]["type"] == "temporal"
    assert encoding["color"]["field"] == "channel"
    colours = dict(
        zip(encoding["color"]["scale"]["domain"], encoding["color"]["scale"]["range"], strict=True)
    )
    assert colours["phone"] == charts.CHANNEL_COLOURS["phone"]
    assert encoding["shape"]["scale"]["range"] == ["circle", "square", "triangle-down"]
    rows = next(iter(chart["datasets"].values()))
    assert [r["lane"] for r in rows] == ["Contacts", "Meetings", "Actions due"]


def test_contacts_by_week_stacks_channels_with_the_shared_palette():
    counts = pd.DataFrame(
        {
            "week": [date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 9)],
            "channel": ["email", "phone", "email"],
            "count": [4, 2, 5],
        }
    )
    chart = spec(charts.contacts_by_week(counts))
    assert chart["mark"]["type"] == "bar"
    assert chart["encoding"]["y"]["aggregate"] == "sum"
    scale = chart["encoding"]["color"]["scale"]
    assert scale["domain"] == list(charts.CHANNEL_COLOURS)
    assert scale["range"] == list(charts.CHANNEL_COLOURS.values())


def test_labels_are_large_enough_for_a_projector():
    chart = spec(charts.contacts_by_week(pd.DataFrame(columns=["week", "channel", "count"])))
    assert chart["config"]["axis"]["labelFontSize"] >= 14
    assert chart["config"]["legend"]["labelFontSize"] >= 14
