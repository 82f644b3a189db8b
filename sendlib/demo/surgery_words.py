"""The demo surgeries' words: parents' agendas in their own words (for any pupil, and for primary
or secondary ones), why a booking or a session was cancelled, why a slot is held, and the
summaries the SENCo types up after a surgery. Data only."""

# fmt: off
# The parent's agenda, in their own words, as the office took it down.
AGENDAS_ANY = (
    "Homework is taking hours every night and ending in tears",
    "Want to talk about the EHCP annual review paperwork",
    "Sensory issues at lunchtime",
    "{name} is refusing to come in most mornings",
    "Would like to understand what support {name} actually gets each week",
    "Worried {he} has no friends and sits on {his} own at break",
    "The last support plan review felt rushed, I'd like to go through it properly",
    "We've had the paediatrician letter and don't know what it means for school",
    "What does being on the SEN register mean for {name} now?",
    "{He} comes home exhausted and melts down every evening",
    "Want to ask about applying for an EHC needs assessment",
    "Reading is not improving and I don't know how to help at home",
    "{He} says the classroom is too noisy and {he} can't think",
    "Concerned about a supply teacher who didn't know about {his} needs",
    "Would like to share the OT report we paid for privately",
    "Sleep has gone badly wrong since the clocks changed",
    "Want to talk about the waiting list for CAMHS",
    "Can we talk about reduced hours? Mornings are a battle",
    "Worried about the trip and whether {he} can go",
    "{He} was upset about something that happened in PE",
    "I think {he} is being left out in group work",
    "Just want to check in, things seem better and I want to keep it that way",
    "New diagnosis, want to talk about what changes at school",
    "Dad would like to come too, can we talk about contact arrangements",
    "Want to understand the targets in the plan, the wording is confusing",
    "Struggling with changes to the timetable",
    "Toileting accidents again and {he} is embarrassed",
    "Would like a copy of the one-page profile and to add to it",
)
AGENDAS_PRIMARY = (
    "Worried about the move to Year 7",
    "Spellings every week are too much for {him}",
    "Phonics, is {he} catching up?",
    "{He} gets very anxious about SATs",
    "Playtimes are hard, {he} keeps getting into trouble",
    "Would like {him} to have more visits to the new classroom before September",
)
AGENDAS_SECONDARY = (
    "Access arrangements for the mocks",
    "GCSE options and whether {he} should drop a language",
    "Detentions keep happening for things {he} can't help",
    "Too many homework apps, {he} can't keep track",
    "Can {he} use a laptop in lessons?",
    "{He} is getting lost between lessons and arriving late",
    "Worried about college applications and what support there is",
    "Wants a time-out card that all the teachers accept",
)
CANCEL_REASONS = (
    "Parent asked to rearrange", "Pupil unwell", "Parent at work, will rebook",
    "Clash with a hospital appointment", "Family emergency", "Parent unwell",
    "Sorted on the phone instead", "Childcare fell through",
)
HOLD_NOTES = (
    "Held for a call back to {parent}",
    "Held for {parent}, ringing back to confirm",
    "Held for {parent}: checking work shifts",
    "Held for a call back to {parent} about an interpreter",
)
SESSION_CANCEL_REASONS = (
    "SENCo at an EHCP tribunal hearing", "SENCo covering a class", "Staff training",
    "SENCo at a local authority panel", "SENCo off sick", "Safeguarding meeting",
)
SUMMARIES = (
    "Parent surgery with {parent} about {name}. Talked through {concern}; agreed to try a new "
    "approach for four weeks and review.",
    "Met {parent} at the surgery. Went through {name}'s support plan and what happens at the "
    "next review.",
    "{parent} came to talk about {name}'s week. Shared the strategies used in class; {parent} "
    "will try the same visual timetable at home.",
    "Surgery slot with {parent}: explained how an EHC needs assessment works and the "
    "timescales; gave the local offer leaflet.",
    "Talked through homework with {parent}; agreed {name} can stop after 30 minutes and hand in "
    "what is done.",
    "{parent} raised worries about friendships at break. Agreed a lunchtime club place and a "
    "daily check-in with {his} key adult.",
    "Went through the latest report from outside agencies with {parent} and what it means for "
    "{name} in class.",
    "Surgery with {parent}: {name} is more settled. Agreed to keep the current support and "
    "check in again next half term.",
    "{parent} shared what works at home for {concern}; added it to {name}'s one-page profile.",
)
# fmt: on
