"""Texts for the demo school's communication timeline and promise ledger: data only, no logic.

Every person and event here is invented. Texts may use {name}, {he}, {him}, {his}, {He} and
{His} for the pupil; {parent} for the parent or carer's form of address ("Ms Khan"); {concern}
for the pupil's area of concern ("reading and spelling progress"); {service} for an outside
agency ("SALT"); {term} for the term ("autumn"). sendlib.demo.timeline fills them in.
"""

from __future__ import annotations

from dataclasses import dataclass

# The pools below are kept compact by hand: the formatter leaves them be.
# fmt: off


@dataclass(frozen=True)
class Topic:
    """What a message was about: its subject, what was said, and the parent's own words."""

    subject: str
    summaries: tuple[str, ...]
    views: tuple[str, ...] = ()  # the parent's views, as they said them
    phase: str = "any"  # "primary", "secondary", "upper" (Year 9 and up) or "any"
    services: tuple[str, ...] = ()  # only with these agencies (any when empty)
    statuses: tuple[str, ...] = ()  # only for pupils with these SEN statuses (any when empty)


# Agencies that visit school, and those that assess.
VISITING = ("SALT", "OT", "EP", "Specialist teacher", "Physiotherapy")
ASSESSING = VISITING + ("CAMHS", "Paediatrician")

# The first topic of FROM_PARENT, TO_PARENT and WITHIN_SCHOOL stands in when a topic about an
# agency comes up for a pupil without one: it must suit any pupil.

# Messages and calls from parents and carers.
FROM_PARENT = (
    Topic("Worried about lunchtimes", (
        "{parent} says {name} has been coming home upset about lunchtimes and is often on "
        "{his} own in the playground.",
        "{parent} asked whether {name} could eat somewhere quieter than the hall.",
        "{parent} reports that {name} has not been eating {his} packed lunch; {he} says the "
        "hall is too busy.",
    ), (
        "{He} says the noise in the hall is too much.",
        "{He} told me {he} has no one to play with at dinner time.",
        "{He} comes home starving because {he} can't eat in there.",
    )),
    Topic("Reading at home", (
        "{parent} asked for reading books that match {name}'s phonics stage; the ones coming "
        "home are too hard and {he} gives up.",
        "{parent} says {name} now reads to {his} younger brother most evenings and asked what "
        "to try next.",
        "{parent} asked how to help {name} with reading at home without it ending in tears.",
    ), (
        "{He} gets upset when {he} can't read the words, so we've stopped for now.",
        "We read every night but {he} forgets the words by the next page.",
        "{He} loves being read to, just not reading on {his} own.",
    ), "primary"),
    Topic("Homework overwhelm", (
        "{parent} says homework is taking over two hours a night and ending in tears; asked "
        "whether it can be reduced.",
        "{parent} asked whether {name} can hand in less written homework and do more of it "
        "by talking it through.",
        "{parent} says {name} does not write down what the homework is and panics on Sunday "
        "nights.",
    ), (
        "We spend every evening arguing about homework. {He} is exhausted.",
        "{He} has held it together all day and then homework tips {him} over.",
        "I don't know what {he} is meant to be doing half the time.",
    )),
    Topic("Transport to swimming", (
        "{parent} asked how {name} will get to swimming and whether an adult will help {him} "
        "to change.",
        "{parent} worried about the coach journey to swimming; {name} gets travel sick and "
        "anxious.",
    ), (
        "{He} hates the changing rooms; it's the getting changed, not the water.",
        "Could someone sit with {him} on the coach? {He} panics if {he} doesn't know who.",
    ), "primary"),
    Topic("Sleep and tiredness", (
        "{parent} says {name} is not getting to sleep until after 11 and is very tired in "
        "the mornings.",
        "{parent} let us know {name} had a bad night and may be tired and tearful today.",
    ), (
        "{He} lies awake worrying about the next day.",
        "We've tried everything for bedtime. Nothing works for more than a week.",
    )),
    Topic("Medication change", (
        "{parent} let us know {name} has started new medication and may be drowsy for the "
        "first couple of weeks.",
        "{parent} asked the class teacher to note any changes in {name}'s concentration "
        "after the change of dose.",
    ), ("The doctor says it can take a few weeks to settle.",)),
    Topic("Mornings are hard", (
        "{parent} says {name} was refusing to get in the car this morning and arrived late "
        "and upset.",
        "{parent} asked whether {name} could come in through the quiet entrance before the "
        "bell.",
        "{parent} says Sunday nights and Monday mornings are the hardest; {name} says "
        "{his} tummy hurts.",
    ), (
        "{He} was sick with nerves before school again.",
        "Getting {him} through the door is the hardest part of my day.",
        "Once {he}'s in, {he}'s fine, I know, but the mornings are breaking us.",
    )),
    Topic("Friendship worries", (
        "{parent} says {name} has fallen out with {his} friendship group and does not want "
        "to come in.",
        "{parent} asked whether staff could keep an eye on who {name} is playing with.",
    ), (
        "{He} says nobody likes {him}. It breaks my heart.",
        "{He} doesn't get invited to anything, and {he} is starting to notice.",
    )),
    Topic("Question about the support plan", (
        "{parent} asked what the targets in the current plan mean and how they can help at "
        "home.",
        "{parent} asked for a copy of the current support plan and who delivers each part.",
        "{parent} asked whether the small-group sessions are still happening; {name} says "
        "they have stopped.",
    ), (
        "I'd like to know what {he} actually does in the group sessions.",
        "I want to help at home but I don't know what the targets mean.",
    )),
    Topic("Request for a meeting", (
        "{parent} asked for a meeting with the SENCo about {concern}.",
        "{parent} asked to see the class teacher and SENCo together before the review.",
    ), ("I feel we need to sit down properly, not a quick word at the door.",)),
    Topic("Appointment this week", (
        "{parent} let us know {name} will miss the morning for a hospital appointment.",
        "{parent} let us know {name} has a paediatric appointment and asked for a short "
        "note from school about how {he} is in class.",
    )),
    Topic("Uniform and sensory needs", (
        "{parent} asked whether {name} can wear a plain cotton top instead of the school "
        "jumper, which {he} finds itchy.",
        "{parent} asked whether {name} can wear ear defenders in assemblies.",
    ), ("{He} can't stand the labels. It's not about being difficult.",)),
    Topic("Diagnosis news", (
        "{parent} shared that the paediatrician has confirmed a diagnosis; the letter will "
        "follow.",
        "{parent} let us know the assessment appointment has finally come through.",
    ), (
        "It's a relief to have an answer, to be honest.",
        "We've waited nearly two years for this appointment.",
    )),
    Topic("EHC needs assessment", (
        "{parent} asked about applying for an EHC needs assessment and what the school would "
        "send to the local authority.",
        "{parent} asked for an update on the needs assessment and whether the school's "
        "advice has gone in.",
    ), ("I don't think the support in school is enough on its own any more.",), statuses=("K",)),
    Topic("Thank you", (
        "{parent} said thank you for the support this term; {name} is much happier.",
        "{parent} thanked the TA for helping {name} through a difficult week.",
    ), ("{He} came home smiling today, first time in ages.",)),
    Topic("Upset about an incident", (
        "{parent} reported that {name} was called names on the way home and asked for it to "
        "be looked into.",
        "{parent} unhappy that {name} was kept in at playtime for not finishing work.",
    ), (
        "{He} came home in pieces and wouldn't tell me why until bedtime.",
        "I don't think keeping {him} in helps. {He} needs to run about.",
    )),
    Topic("Changes at home", (
        "{parent} let us know there has been a change at home and {name} may be unsettled "
        "for a while.",
        "{parent} let us know {name}'s grandparent is very ill and {he} may be upset.",
    ), ("Please be gentle with {him} this week.",)),
    Topic("School trip", (
        "{parent} asked what support {name} will have on the school trip and whether they "
        "can see the plan for the day.",
        "{parent} worried about the residential trip; {name} has never been away from home.",
    ), ("{He} wants to go but {he}'s terrified of the night-time.",)),
    Topic("Toileting", (
        "{parent} asked whether spare clothes can be kept in class after an accident.",
        "{parent} asked for {name} to have a pass to use the toilet without asking.",
    ), ("{He} is mortified about it, please keep it quiet.",), "primary"),
    Topic("Detentions", (
        "{parent} worried that {name} keeps getting detentions for forgetting equipment.",
        "{parent} asked whether behaviour points could take {name}'s needs into account.",
    ), (
        "{He} isn't being naughty, {he} just can't keep track of everything.",
        "Every detention makes {him} hate school a bit more.",
    ), "secondary"),
    Topic("Exams and access arrangements", (
        "{parent} asked whether {name} will get extra time in the mock exams.",
        "{parent} asked whether {name} can use a laptop in exams as {his} handwriting is hard "
        "to read.",
    ), ("{He} knows the answers, {he} just can't get them down in time.",), "upper"),
    Topic("Options and next steps", (
        "{parent} asked for advice on GCSE options that will suit {name}'s strengths.",
        "{parent} asked about college courses and whether the SEN information will be "
        "passed on.",
    ), ("We want {him} to do something {he} enjoys, not just what's expected.",), "upper"),
    Topic("Phone and online worries", (
        "{parent} worried about messages in a group chat that have upset {name}.",
        "{parent} asked for advice about {name}'s phone use late at night.",
    ), ("{He} is on that phone until all hours and it's affecting everything.",), "secondary"),
)

# Calls, letters and notes from school to parents and carers.
TO_PARENT = (
    Topic("Good day today", (
        "Let {parent} know {name} had a really good day and joined in with group work.",
        "Told {parent} that {name} read aloud in class for the first time.",
        "Shared with {parent} that {name} used {his} calm-down strategies well after a "
        "wobble at break.",
    ), (
        "That's so lovely to hear, we'll make a fuss of {him} tonight.",
        "It helps so much to hear the good days too.",
    )),
    Topic("Sensory breaks working well", (
        "Let {parent} know the movement breaks before maths are working; {name} is settling "
        "more quickly.",
        "Told {parent} that {name} is using the quiet corner sensibly and coming back to "
        "work within ten minutes.",
    ), ("We've started doing the same before homework.",)),
    Topic("Update after {service} visit", (
        "Shared the new targets from {service} with {parent}; a copy went home in {name}'s "
        "bag.",
        "Told {parent} what {service} saw in class and the ideas suggested for home.",
    ), ("Could you send the ideas home? We'd happily do them.",), services=VISITING),
    Topic("Incident at lunchtime", (
        "Let {parent} know about an upset at lunchtime; {name} calmed in the quiet room and "
        "went back to class.",
        "Let {parent} know {name} was hurt in the playground (bumped head, first aid given, "
        "no concerns).",
        "Contacted {parent} after {name} became very distressed in the afternoon; explained "
        "what happened and what we will change.",
    ), (
        "{He} said the other boys were winding {him} up.",
        "Thank you for letting me know. Please tell me if it happens again.",
    )),
    Topic("Invitation to review meeting", (
        "Invited {parent} to the next support plan review and offered a choice of times, "
        "including after school.",
        "Sent {parent} the date of the review meeting and asked what they would like to "
        "talk about.",
    )),
    Topic("Consent for a referral", (
        "Asked {parent} for consent to refer {name} to the educational psychologist; form "
        "sent home.",
        "Talked to {parent} about a referral to the specialist teaching service; they agreed.",
    ), ("Yes, anything that helps us understand {him} better.",)),
    Topic("Support plan shared", (
        "Sent home a copy of the new support plan and asked {parent} for comments.",
        "Went through the draft plan with {parent} and added their suggestions.",
    ), ("I'm happy with it. Can we add something about mornings?",)),
    Topic("Reading progress", (
        "Let {parent} know {name} has moved up a reading band.",
        "Shared {name}'s latest reading assessment with {parent}: good progress since the "
        "autumn.",
    )),
    Topic("Attendance check-in", (
        "Contacted {parent} about {name}'s attendance this half term and offered a meeting to "
        "talk about mornings.",
        "Checked in with {parent} after {name}'s absence; agreed a gentle return with a "
        "reduced first day.",
    ), ("{He} wants to come in, {he} just gets stuck.",)),
    Topic("Trip arrangements", (
        "Went through the trip plan with {parent}; a named adult will be with {name} all day.",
        "Sent {parent} photos of the trip venue to share with {name} beforehand.",
    )),
    Topic("Parents' evening reminder", (
        "Reminded {parent} about parents' evening and offered a longer slot with the SENCo.",
    )),
    Topic("Transition visits", (
        "Sent {parent} the dates of the extra transition visits for {name}.",
        "Shared the new teacher's one-page introduction with {parent} to look at over the "
        "holidays.",
    )),
    Topic("Following up a concern", (
        "Replied to {parent}'s message: the class teacher will keep an eye on {concern} and "
        "give an update on Friday.",
        "Followed up {parent}'s concern; agreed a plan and a check-in in two weeks.",
    )),
    Topic("Exam access testing", (
        "Let {parent} know {name} has been assessed for exam access arrangements: 25% extra "
        "time agreed.",
        "Told {parent} that {name} will sit the mocks in the smaller room with a reader.",
    ), ("That will take so much pressure off {him}.",), "upper"),
    Topic("Behaviour in lessons", (
        "Let {parent} know {name} walked out of science; suggested the time-out pass "
        "instead.",
        "Let {parent} know {name} has had a much better week with no behaviour points.",
    ), ("{He} says the teacher shouts. {He} can't cope with shouting.",), "secondary"),
)

# Contact with outside agencies about the pupil.
WITH_AGENCY = (
    Topic("Advice from {service}", (
        "Talked through {name}'s progress with {service}; suggested strategies for "
        "unstructured times.",
        "{service} advised on {concern}; advice shared with the class team.",
    ), services=VISITING + ("CAMHS", "Early Help", "School nurse", "Paediatrician")),
    Topic("Update after {service} visit", (
        "{service} observed {name} in class and met the TA; report to follow. Key points "
        "shared with the class teacher.",
        "Visit from {service}: strategies modelled for staff; {name} engaged well.",
    ), services=VISITING),
    Topic("{service} referral sent", (
        "Referral to {service} sent with parental consent; acknowledgement received.",
        "Referral to {service} completed with the school's evidence and the parents' views.",
    ), services=ASSESSING + ("Early Help", "School nurse")),
    Topic("Chasing {service} report", (
        "Chased {service} for the written report from the last assessment.",
        "Asked {service} when the report will come; promised within two weeks.",
    ), services=ASSESSING),
    Topic("{service} appointment", (
        "{service} confirmed an appointment date; parents informed.",
        "{service} asked for school's observations before the appointment; sent.",
    ), services=("CAMHS", "Paediatrician", "SALT", "OT", "Physiotherapy", "School nurse")),
    Topic("{service} waiting list", (
        "{service} confirmed {name} is on the waiting list; expected wait several months.",
        "Asked {service} for an update on the waiting time; no date yet.",
    ), services=ASSESSING),
    Topic("Information for annual review", (
        "Asked {service} for written advice for the EHCP annual review.",
        "{service} sent updated advice for the annual review papers.",
    ), statuses=("E",)),
    Topic("Annual review paperwork", (
        "Sent the annual review report and parents' views to {service}.",
        "{service} confirmed the amended EHC plan is being drafted.",
        "{service} asked for the school's costed provision map; sent.",
    ), services=("LA caseworker",), statuses=("E",)),
    Topic("Social care update", (
        "{service} shared the date of the next review meeting and asked for a school report.",
        "Sent {service} the school's report on attendance and wellbeing.",
    ), services=("Social care",)),
    Topic("Family support", (
        "{service} is visiting the family weekly to help with morning and bedtime routines.",
        "Met {service} to share what is working in school for {name}.",
    ), services=("Early Help", "Social care")),
    Topic("Update from {service}", (
        "{service} shared an update about {name}; notes added to the file.",
        "Sent {service} the information they asked for about {name}.",
    )),
)

# Conversations inside school about the pupil.
WITHIN_SCHOOL = (
    Topic("Staff briefing", (
        "Shared {name}'s one-page profile with the supply teacher and the lunchtime team.",
        "Briefed new staff on what helps {name} and what to avoid.",
    )),
    Topic("TA feedback", (
        "TA reports {name} is using {his} help card without prompting.",
        "TA feedback: {name} finds the group sessions tiring on Fridays; moved to Tuesday.",
    )),
    Topic("Pupil voice", (
        "Talked with {name} about what helps in class; {his} views added to the plan.",
        "{name} completed an 'all about me' sheet with the TA.",
    )),
    Topic("Observation in class", (
        "SENCo observed {name} in maths: fine with adult support, loses focus when working "
        "alone.",
        "Observed {name} at lunchtime: plays alone, watches others' games.",
    )),
    Topic("Lunchtime plan", (
        "Agreed with the lunchtime team that {name} can go to the quiet club on Tuesdays and "
        "Thursdays.",
        "Lunchtime supervisors asked to check in with {name} at the start of lunch.",
    )),
    Topic("Assessment results", (
        "Reading and spelling assessment completed; results added to {name}'s file.",
        "Standardised maths assessment: small gains since last term.",
    )),
    Topic("Pupil progress meeting", (
        "Discussed {name} at the pupil progress meeting: concern about {concern}.",
        "Pupil progress meeting: {name} on track in reading, behind in writing.",
    )),
    Topic("Exam access assessment", (
        "Assessed {name} for exam access arrangements: reading speed and writing speed tested.",
    ), phase="upper"),
)

# The parent's own words, heard at meetings and on calls that have no topic views.
PARENT_WORDS = (
    "{He} says the noise in the hall is too much.",
    "{He} loves the Lego club, it's the first thing {he} talks about.",
    "We're seeing more meltdowns at home after school.",
    "{He} holds it all in at school and lets it out at home.",
    "I'm pleased. {He} seems happier in the mornings.",
    "I'd like more notice of changes, like supply teachers.",
    "{He} talks about {his} TA all the time. {He} trusts her.",
    "I feel listened to this time.",
    "I'm worried about next year and a new teacher.",
    "Reading at bedtime has got easier since the coloured overlay.",
    "{He} doesn't tell me anything about {his} day, so I rely on you.",
    "I would rather you phoned than wrote, I don't always see letters.",
)

# Meetings: summaries by meeting_kind.
MEETING_SUMMARIES = {
    "APDR review": (
        "Reviewed the plan with {parent}. {name} has met two of the outcomes; the "
        "others carried forward with smaller steps. Next plan agreed.",
        "Review of the support plan: {parent} feels {name} is happier in school. Added a "
        "movement break before maths; small-group sessions continue.",
        "Reviewed progress on {concern}. Less progress than hoped because of absence; "
        "outcomes kept and a check-in agreed in four weeks.",
        "Plan review with {parent}: good progress. Support reduced slightly and a new, "
        "harder outcome added for independence.",
        "Reviewed the plan. {parent} raised {concern}; agreed to ask for outside advice.",
    ),
    "EHCP annual review": (
        "Annual review of the EHC plan. Outcomes reviewed; {parent}'s views recorded. "
        "Recommended amendments to the provision; report to the local authority within "
        "two weeks.",
        "Annual review: the plan still reflects {name}'s needs, with minor changes to the "
        "outcomes. {name} shared {his} views with pictures.",
        "Annual review held with advice from {service}. Agreed to ask the local authority to "
        "update the plan after the new assessment.",
    ),
    "parent surgery": (
        "Parent surgery with {parent}: talked through worries about {concern} and agreed next "
        "steps.",
        "Surgery slot: {parent} wanted to talk about mornings and {concern}. Strategies shared; "
        "follow-up booked.",
        "Parent surgery: went through the last report with {parent} and answered questions "
        "about the support {name} gets.",
    ),
    "parents' evening": (
        "Parents' evening: class teacher and {parent} discussed progress; the SENCo joined "
        "for ten minutes to go over the plan.",
        "Parents' evening: positive about effort; {parent} asked about {concern}.",
    ),
    "other": (
        "Planning meeting with {parent} about a phased return after absence.",
        "Transition planning meeting: what the next class or school needs to know about "
        "{name}.",
        "Meeting with {parent} and {service} to share the assessment findings.",
    ),
}
MEETING_SUBJECTS = {
    "APDR review": "Support plan review ({term} term)",
    "EHCP annual review": "EHCP annual review",
    "parent surgery": "Parent surgery",
    "parents' evening": "Parents' evening",
    "other": "Planning meeting",
}

# The promise ledger. Staff actions:
STAFF_ACTIONS = (
    "Send home a copy of the visual timetable",
    "Trial a movement break before maths",
    "Refer to school nurse for a sleep assessment",
    "Set up the quiet club at lunchtime on Tuesdays and Thursdays",
    "Update {name}'s one-page profile and share it with all staff",
    "Send the draft support plan home for comments",
    "Book a follow-up parent surgery in four weeks",
    "Ask the EP for a consultation slot",
    "Introduce a now-and-next board in class",
    "Set up a daily check-in with the key adult",
    "Write a social story about the school trip",
    "Trial a coloured overlay for two weeks and report back",
    "Ask the lunchtime team to watch who {name} plays with",
    "Check the small-group sessions are happening as planned",
    "Send a copy of the meeting notes home",
    "Arrange an extra transition visit to the new classroom",
    "Find a quiet place for {name} to change for PE",
    "Give {name} a time-out card and tell all staff",
    "Send home the phonics sounds {name} is learning this week",
    "Gather {name}'s views for the review",
)
STAFF_ACTIONS_SECONDARY = (
    "Email all {name}'s teachers about the seating plan",
    "Set up homework club on Tuesdays and Wednesdays",
    "Arrange a laptop for extended writing",
    "Give {name} an early-leave pass for busy corridors",
)
STAFF_ACTIONS_UPPER = (  # Year 9 and up: options, exams, next steps
    "Apply for exam access arrangements (25% extra time)",
    "Arrange a reader and a smaller room for the mock exams",
    "Book a careers interview with the SEND careers adviser",
)
PARENT_ACTIONS = (
    "Share any letters from the GP or hospital with school",
    "Try the bedtime visual routine for two weeks and let school know",
    "Sign and return the consent form for the EP referral",
    "Read with {name} for ten minutes three times a week",
    "Book a hearing test with the GP",
    "Complete the sensory questionnaire",
    "Let the class teacher know of any change in medication",
    "Talk to {name} about the new lunchtime club",
    "Send in a spare set of clothes",
    "Write down {his} views and yours before the next review",
    "Ask the GP about a referral to the paediatrician",
)
PUPIL_ACTIONS = {
    "primary": (
        "Use the help card when stuck and show it to the TA",
        "Try the quiet club on Tuesday lunchtime",
        "Bring {his} reading book to school every day",
        "Tell an adult when lunchtimes go wrong",
        "Use the feelings chart at the start of each afternoon",
    ),
    "secondary": (
        "Use the time-out pass and see {his} tutor afterwards",
        "Pack {his} bag the night before using the checklist",
        "Write homework in the planner in every lesson",
        "Go to homework club once a week",
        "Try the touch-typing programme twice a week",
    ),
}
# Staff actions that follow an agency's work, by service.
STAFF_AGENCY_ACTIONS = {
    "SALT": ("Share the SALT targets with the class TA",
             "Build the SALT's speech sound games into daily phonics"),
    "EP": ("Share the EP's recommendations with all staff",
           "Put the EP's strategies into the next support plan"),
    "CAMHS": ("Send CAMHS the school's observations",
              "Agree a safe space and a key adult, as CAMHS advised"),
    "OT": ("Order the writing slope and pencil grips the OT recommended",
           "Build the OT's sensory circuit into the morning"),
    "Physiotherapy": ("Show the PE staff the physio programme",
                      "Check the physio exercises happen every day"),
    "Specialist teacher": ("Chase the specialist teacher's report",
                           "Share the specialist teacher's advice with the class team"),
    "Paediatrician": ("Complete the school questionnaire for the paediatrician",
                      "Ask the family for consent to share the clinic letter"),
    "Social care": ("Send the school report for the review meeting",
                    "Invite the social worker to the next review"),
    "LA caseworker": ("Send the annual review paperwork to the LA",
                      "Chase the LA for the final amended plan"),
    "School nurse": ("Share the care plan with all staff",
                     "Book {name} into the school nurse drop-in"),
    "Early Help": ("Send the Early Help worker the attendance record",
                   "Invite the Early Help worker to the next review"),
}
AGENCY_ACTIONS = {
    "SALT": ("Send updated speech and language targets", "Model the vocabulary strategies "
             "for the TA", "Review {name}'s understanding of language"),
    "EP": ("Send the written report from the assessment", "Offer a consultation with the "
           "parents and class teacher"),
    "CAMHS": ("Offer an appointment with the anxiety team", "Let school know the outcome of "
              "the triage"),
    "OT": ("Send sensory strategies and equipment recommendations", "Assess {name}'s "
           "handwriting and seating"),
    "Physiotherapy": ("Update the exercise programme for PE", "Check the chair and standing "
                      "frame"),
    "Specialist teacher": ("Visit to check the equipment and advise staff", "Send a written "
                           "update after the visit"),
    "Paediatrician": ("Review sleep and write to the GP and school", "Send the clinic letter "
                      "to school with consent"),
    "Social care": ("Share the date of the next review meeting", "Update school on the "
                    "family support plan"),
    "LA caseworker": ("Send the draft amended EHC plan", "Confirm the annual review paperwork "
                      "has been received"),
    "School nurse": ("Offer {name} a drop-in appointment", "Send the toileting plan to "
                     "school"),
    "Early Help": ("Arrange a home visit to talk about routines", "Offer the family a place "
                   "on a parenting course"),
}
# How a service reads in a subject line ("Chasing paediatrician report") and in a sentence
# ("Referral to the paediatrician sent").
SERVICE_LABELS = {
    "CAMHS": "CAMHS", "SALT": "SALT", "OT": "OT", "EP": "EP", "Physiotherapy": "physio",
    "Specialist teacher": "specialist teacher", "Paediatrician": "paediatrician",
    "Social care": "social care", "LA caseworker": "LA caseworker",
    "School nurse": "school nurse", "Early Help": "Early Help",
}
SERVICE_PHRASES = {
    "CAMHS": "CAMHS", "SALT": "the SALT", "OT": "the OT",
    "EP": "the EP", "Physiotherapy": "the physiotherapist",
    "Specialist teacher": "the specialist teacher", "Paediatrician": "the paediatrician",
    "Social care": "the social worker", "LA caseworker": "the LA caseworker",
    "School nurse": "the school nurse", "Early Help": "the Early Help worker",
}
# fmt: on
