"""Chart builders: what each chart encodes, and the same colour for a channel everywhere."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from sendlib.reporting import charts


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


def _encoding(chart) -> dict:
    spec = chart.to_dict()
    return (spec.get("spec") or spec)["encoding"]


def test_meetings_with_parents_keeps_every_bucket_in_order_with_fixed_colours():
    frame = pd.DataFrame(
        {
            "Period": ["This term"] * 4 + ["This school year"] * 4,
            "Meetings": ["0", "1", "2", "3+"] * 2,
            "Pupils": [12, 20, 5, 0, 4, 18, 10, 5],
        }
    )
    spec = charts.meetings_with_parents(frame).to_dict()
    encoding = spec["spec"]["encoding"] if "spec" in spec else spec["encoding"]
    assert encoding["x"]["sort"] == ["0", "1", "2", "3+"]
    assert encoding["color"]["scale"]["range"] == list(charts.MEETING_COLOURS.values())
    assert spec["config"]["axis"]["labelFontSize"] >= 14


def test_register_promises_and_surgery_charts_use_the_shared_palettes():
    register = pd.DataFrame(
        {
            "Year": ["Year 1", "Year 1", "Year 2"],
            "Status": ["SEN support (K)", "EHC plan (E)", "SEN support (K)"],
            "Pupils": [3, 1, 4],
        }
    )
    assert _encoding(charts.register_by_year(register))["color"]["scale"]["domain"] == list(
        charts.STATUS_COLOURS
    )
    promises = pd.DataFrame(
        {"Owner kind": ["staff", "parent"], "State": ["overdue", "done on time"], "Actions": [2, 7]}
    )
    assert _encoding(charts.promises_by_owner(promises))["color"]["scale"]["range"] == list(
        charts.PROMISE_COLOURS.values()
    )
    weeks = pd.DataFrame(
        {
            "Week beginning": pd.to_datetime(["2026-11-16", "2026-11-23"]),
            # As sendlib.surgery.grid.week_counts gives them, totals included.
            "Sessions": [1, 1],
            "Slots": [5, 5],
            "Attended": [3, 0],
            "Booked": [0, 3],
            "No-show": [1, 0],
            "Held": [0, 1],
            "Free": [1, 1],
        }
    )
    chart = charts.surgery_use(weeks)
    data = chart.to_dict()["datasets"]
    rows = next(iter(data.values()))
    assert {row["Slot"] for row in rows} == set(charts.SURGERY_COLOURS)
    assert sum(row["Slots"] for row in rows) == 10
    # A teacher's figures: the slots taken for other classes are a part of their own.
    teacher = weeks.assign(Attended=[1, 0], **{"Other classes": [2, 0]})
    encoding = _encoding(charts.surgery_use(teacher))
    assert "other classes" in encoding["color"]["scale"]["domain"]
    rows = next(iter(charts.surgery_use(teacher).to_dict()["datasets"].values()))
    assert sum(row["Slots"] for row in rows if row["Slot"] == "other classes") == 2


def test_year_groups_read_in_school_order():
    counts = pd.DataFrame(
        {
            "Year": ["Year 2", "Reception", "Year 10", "Year 1", "Nursery"],
            "Status": ["SEN support (K)"] * 5,
            "Pupils": [1, 2, 3, 4, 5],
        }
    )
    assert _encoding(charts.register_by_year(counts))["x"]["sort"] == [
        "Nursery",
        "Reception",
        "Year 1",
        "Year 2",
        "Year 10",
    ]


def timeline_points(whens: list[datetime], channels: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "when": pd.to_datetime(whens).tz_localize("Europe/London"),
            "channel": channels,
            "kind": ["entry"] * len(whens),
            "label": [f"Contact {n}" for n in range(len(whens))],
        }
    )


def axis_labels(chart: dict) -> list[str]:
    """The x-axis labels as the chart draws them: its tick dates in its label format."""
    axis = chart["encoding"]["x"]["axis"]
    ticks = [date(v["year"], v["month"], v["date"]) for v in axis["values"]]
    return [tick.strftime(axis["format"]) for tick in ticks]


def test_a_pupil_timeline_over_a_few_days_labels_each_day_once():
    # Seven contacts in the first week of December: each day reads once, not "Dec 2026" seven times.
    whens = [datetime(2026, 12, day, 9 + day) for day in (1, 1, 2, 3, 4, 7, 8)]
    chart = spec(charts.pupil_timeline(timeline_points(whens, ["phone", "email"] * 3 + ["phone"])))
    labels = axis_labels(chart)
    assert labels[0] == "1 Dec" and "8 Dec" in labels
    assert len(labels) == len(set(labels))
    scale = chart["encoding"]["x"]["scale"]["domain"]
    assert (scale[0]["date"], scale[-1]["date"]) == (1, 9)  # every point lies within the axis


def test_a_pupil_timeline_over_weeks_labels_mondays_and_over_a_year_months():
    weeks = [datetime(2026, 10, 14), datetime(2026, 11, 23)]
    labels = axis_labels(spec(charts.pupil_timeline(timeline_points(weeks, ["phone"] * 2))))
    assert labels[:2] == ["12 Oct", "19 Oct"] and "23 Nov" in labels
    assert len(labels) == len(set(labels)) <= 12
    term = [datetime(2026, 9, 3), datetime(2026, 10, 14), datetime(2026, 11, 23)]
    labels = axis_labels(spec(charts.pupil_timeline(timeline_points(term, ["phone"] * 3))))
    assert labels == ["Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026"]
    years = [datetime(2025, 9, 3), datetime(2026, 3, 1), datetime(2026, 11, 23)]
    labels = axis_labels(spec(charts.pupil_timeline(timeline_points(years, ["phone"] * 3))))
    assert labels[:2] == ["Sep 2025", "Nov 2025"] and labels[-1] == "Jan 2027"
    assert len(labels) == len(set(labels)) <= 9


def test_a_pupil_timeline_legend_lists_only_the_channels_used():
    whens = [datetime(2026, 12, 1), datetime(2026, 12, 2)]
    chart = spec(charts.pupil_timeline(timeline_points(whens, ["text", "phone"])))
    scale = chart["encoding"]["color"]["scale"]
    # In the shared order, each in its own colour.
    assert scale["domain"] == ["phone", "text"]
    assert scale["range"] == [charts.CHANNEL_COLOURS["phone"], charts.CHANNEL_COLOURS["text"]]
    assert chart["encoding"]["shape"]["scale"]["domain"] == ["entry"]
