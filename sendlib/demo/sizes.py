"""The demo school's sizes: the small one-form-entry primary, the 11-16 secondary and the
multi-academy trust of 13 primaries and 6 secondaries with sixth forms, each with its campuses,
register, years of history and how many communications and actions it holds (SIZES)."""

from __future__ import annotations

from sendlib.demo.base import Campus, SchoolSize

# fmt: off
_TREES = ("Oak", "Ash", "Elm", "Yew")
_TRUST_PRIMARIES = (
    "Ashgrove", "Beechwood", "Cedar Park", "Elmhurst", "Fernhill", "Hazelmere", "Hollybank",
    "Larchfield", "Maplewood", "Oakfield", "Rowan Vale", "Willowbrook", "Yew Tree",
)
_TRUST_SECONDARIES = ("Northgate", "Southfields", "Eastbrook", "Westmoor", "Riverside", "Kingsmead")
# fmt: on


def _trust_campuses() -> tuple[Campus, ...]:
    primaries = tuple(
        Campus(name, 2101 + 7 * i, 0, 6, 120, _TREES) for i, name in enumerate(_TRUST_PRIMARIES)
    )
    forms = tuple("ABCDEFGHJK")
    secondaries = tuple(
        Campus(name, 4101 + 9 * i, 7, 11, 260, forms) for i, name in enumerate(_TRUST_SECONDARIES)
    )
    sixth_sizes = (107, 107, 107, 107, 106, 106)
    sixth_forms = tuple(
        Campus(name, 4101 + 9 * i, 12, 13, size, tuple("ABCDE"))
        for i, (name, size) in enumerate(zip(_TRUST_SECONDARIES, sixth_sizes, strict=True))
    )
    return primaries + secondaries + sixth_forms


SIZES: dict[str, SchoolSize] = {
    "small": SchoolSize(
        "small",
        "Brookfield Primary School (fictional)",
        "A one-form-entry primary: 420 pupils, Reception to Year 6 (two classes of 30 a year), "
        "about 70 on the register, two years of leavers; about 2,500 communications and 850 "
        "agreed actions.",
        (Campus("", 2417, 0, 6, 60, ("Oak", "Ash")),),
        register=70,
        ehc_share=0.17,
        history_years=2,
        exits=((6, 1.0),),
        communications=2500,
        actions=850,
    ),
    "secondary": SchoolSize(
        "secondary",
        "Kingsmead Academy (fictional)",
        "An 11-16 secondary: 2,000 pupils, Years 7 to 11 (16 forms of 25 a year), about 350 on "
        "the register, five years of history and leavers; about 30,000 communications and "
        "10,000 agreed actions.",
        (Campus("", 4032, 7, 11, 400, tuple("ABCDEFGHJKLMNPRS")),),
        register=350,
        ehc_share=0.18,
        history_years=5,
        exits=((11, 1.0),),
        communications=30_000,
        actions=10_000,
    ),
    "trust": SchoolSize(
        "trust",
        "Meadowbank Learning Trust (fictional)",
        "A multi-academy trust in one database: 20,000 pupils in 13 primaries and 6 secondaries "
        "with sixth forms (Reception to Year 13), about 3,500 on the register, five years of "
        "history and leavers; about 500,000 communications and 170,000 agreed actions.",
        _trust_campuses(),
        register=3500,
        ehc_share=0.21,
        history_years=5,
        exits=((6, 0.1), (11, 0.59), (13, 1.0)),
        communications=500_000,
        actions=170_000,
    ),
}
