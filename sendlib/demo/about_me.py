"""The demo pupils' one-page profiles ("about me"), in the pupil's own voice: for most pupils on
SEN support or with an EHC plan who are still at the school, written with an adult who works
with them, some weeks ago. Drawn from a random.Random of their own (from the school's seed), so
adding them changes nothing else the generator makes."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sendlib.demo.base import DraftPupil

ADMIRED = (
    "People say I am kind to the younger children at break.",
    "I make my friends laugh.",
    "I never give up on a Lego build, even a really big one.",
    "I am good at drawing, especially animals.",
    "I know lots of facts about dinosaurs and space.",
    "I am a good friend and I look after people who are sad.",
    "I am brilliant at football.",
    "I work hard when we do practical things.",
    "I am honest and I say sorry when I get it wrong.",
    "I am good at remembering the way to places.",
    "I like helping and I am good at jobs in the classroom.",
    "I am good with computers.",
)
ADMIRED_SECONDARY = (
    "People say I am reliable and I turn up for my friends.",
    "I am good at design and making things.",
    "Teachers say I ask good questions in science.",
    "I help the younger ones as a reading buddy.",
)
IMPORTANT = {
    "primary": (
        "My dog and my cat.",
        "Seeing my nan at the weekend.",
        "Swimming on Saturdays.",
        "Knowing what is happening next in the day.",
        "My best friend being in my class.",
        "Having my water bottle with me.",
        "Playing Minecraft when I get home.",
        "Being on time, so I do not miss the start.",
        "My little brother.",
        "Being allowed to finish what I am doing.",
    ),
    "secondary": (
        "Football training on Tuesdays and matches at the weekend.",
        "My friends, and sitting with them at lunch.",
        "Music: I listen to it to calm down.",
        "Knowing about changes to my timetable before the day.",
        "Getting my GCSEs so I can go to college.",
        "My part-time job at the weekend.",
        "Gaming with my friends online.",
        "Having somewhere quiet to go at lunchtime.",
    ),
}
SUPPORT = {
    "slcn": (
        "Give me one instruction at a time.",
        "Give me time to think before you ask again.",
        "Show me pictures of new words first.",
    ),
    "asd": (
        "Tell me before things change.",
        "Let me go to my quiet place when it gets too loud.",
        "Say what you mean: I take jokes and hints literally.",
    ),
    "semh": (
        "Notice when I am getting cross and give me a job to do.",
        "Talk to me on my own, not in front of the class.",
        "Tell me what went well as well as what went wrong.",
    ),
    "spld": (
        "Let me use my coloured overlay.",
        "Do not ask me to read aloud unless I say yes.",
        "Let me type or use a scribe for long writing.",
    ),
    "learning": (
        "Show me what to do, step by step.",
        "Check I have understood before I start.",
        "Let me use things I can touch for maths.",
    ),
    "hearing": (
        "Face me when you talk.",
        "Use my radio aid and check it is on.",
        "Let me sit near the front, away from the door.",
    ),
    "vision": (
        "Give me my own copy in large print.",
        "Tell me what is on the board.",
        "Keep my things in the same place.",
    ),
    "physical": (
        "Let me leave lessons a few minutes early to get to the next one.",
        "Ask me before you help me.",
        "Let me use my laptop for writing.",
    ),
}
WRITTEN_WITH = ("the SENCo", "their class teacher", "their form tutor", "their key adult")
COLUMNS = ["pupil_id", "admired", "important", "support", "own_words", "written_with",
           "updated_on", "updated_by"]  # fmt: skip


def _some(rng: random.Random, pool: tuple[str, ...], most: int) -> str:
    return " ".join(rng.sample(pool, rng.randint(1, min(most, len(pool)))))


def one_page_profiles(pupils: list[DraftPupil], seed: int, today: date, senco: str) -> list[tuple]:
    """Rows for the one_page_profiles table, by the pupils' local index (see COLUMNS)."""
    rng = random.Random(f"{seed}-about-me")
    rows = []
    for pupil in pupils:
        if pupil.left or pupil.status not in ("K", "E"):
            continue
        if rng.random() > (0.85 if pupil.status == "E" else 0.6):
            continue
        admired = ADMIRED + (ADMIRED_SECONDARY if pupil.phase == "secondary" else ())
        adults = sorted(pupil.adults.values())
        helper = rng.choice(adults) if adults and rng.random() < 0.6 else rng.choice(WRITTEN_WITH)
        if helper == "their form tutor" and pupil.phase == "primary":
            helper = "their class teacher"
        written = max(pupil.entry, today - timedelta(days=rng.randint(7, 150)))
        rows.append(
            (
                pupil.local,
                _some(rng, admired, 2),
                _some(rng, IMPORTANT[pupil.phase], 2),
                _some(rng, SUPPORT[pupil.area], 2),
                rng.random() < 0.75,
                helper,
                written,
                senco,
            )
        )
    return rows
