"""Sentences a SENCo or teacher might write to or about parents, with what the checker should find.

Each entry is (sentence, expected), expected being the (kind, matched text) pairs the wording
checker should report with no form of address given. Neutral sentences (expected == []) include
traps a naive checker would fall into. KNOWN_LIMITS lists sentences where the checker is known to
be wrong; their expected value is still the truth, so the scores below count those errors.
"""

from __future__ import annotations

from collections import Counter

from sendlib.timeline.language import ACRONYM, ADDRESS, COMPARISON, DEFICIT, INFORMS, check

CORPUS: list[tuple[str, list[tuple[str, str]]]] = [
    # Informs rather than invites
    (
        "Dear Mum, we are going to move Ayaan to the nurture group.",
        [(ADDRESS, "Mum"), (INFORMS, "we are going to")],
    ),
    (
        "We have decided to reduce his timetable to mornings only.",
        [(INFORMS, "We have decided")],
    ),
    (
        "It has been decided that Leo will have lunch in the library.",
        [(INFORMS, "It has been decided")],
    ),
    (
        "The school has decided to stop the reading intervention.",
        [(INFORMS, "The school has decided")],
    ),
    (
        "It was decided at the staff meeting that he will eat lunch in the nurture room.",
        [(INFORMS, "It was decided")],
    ),
    ("You must collect him at 2pm on Fridays from now on.", [(INFORMS, "You must")]),
    ("You have to bring him to the meeting.", [(INFORMS, "You have to")]),
    ("You should read with her every night.", [(INFORMS, "You should")]),
    ("You should make sure he has breakfast before school.", [(INFORMS, "You should")]),
    (
        "We will be moving Isla to a smaller group for phonics.",
        [(INFORMS, "We will be")],
    ),
    (
        "We will be putting a reward chart in place from Monday.",
        [(INFORMS, "We will be")],
    ),
    (
        "We're going to start a reduced timetable next week.",
        [(INFORMS, "We're going to")],
    ),
    (
        "You need to sign the consent form before the EP can visit.",
        [(INFORMS, "You need to"), (ACRONYM, "EP")],
    ),
    (
        "We are going to put him on SEN support from January.",
        [(INFORMS, "We are going to"), (ACRONYM, "SEN")],
    ),
    (
        "You will need to apply to the LA for an EHC needs assessment.",
        [(INFORMS, "You will need to"), (ACRONYM, "LA"), (ACRONYM, "EHC")],
    ),
    (
        "We are going to move him to Class 4, and you must tell him at home.",
        [(INFORMS, "We are going to"), (INFORMS, "you must")],
    ),
    (
        "Dear Mum, you need to fill in the form, and we have decided to refer him to the EP.",
        [(ADDRESS, "Mum"), (INFORMS, "you need to"), (INFORMS, "we have decided"), (ACRONYM, "EP")],
    ),
    # Form of address
    ("Mum said he is sleeping better since the new routine.", [(ADDRESS, "Mum")]),
    ("Spoke to Dad at pick-up about the trip.", [(ADDRESS, "Dad")]),
    ("Hi mum, just a quick note about PE kit.", [(ADDRESS, "mum")]),
    ("Dear Mum and Dad, thank you for coming in.", [(ADDRESS, "Mum"), (ADDRESS, "Dad")]),
    ("Dear Mother, the review is on Friday.", [(ADDRESS, "Mother")]),
    ("The mum was upset at the end of the meeting.", [(ADDRESS, "mum")]),
    (
        "Dear Dad, please find attached Kai's IEP.",
        [(ADDRESS, "Dad"), (ACRONYM, "IEP")],
    ),
    ("Daddy will pick her up on Wednesdays.", [(ADDRESS, "Daddy")]),
    # Deficit language
    ("Tom refuses to write in English lessons.", [(DEFICIT, "refuses")]),
    ("Leo refused to come into class this morning.", [(DEFICIT, "refused")]),
    ("Refusing to go into assembly again.", [(DEFICIT, "Refusing")]),
    ("He has been refusing his lunch most days.", [(DEFICIT, "refusing")]),
    ("He can't read three-letter words yet.", [(DEFICIT, "can't")]),
    ("Amir cannot sit still on the carpet.", [(DEFICIT, "cannot")]),
    ("She won't put her coat on at home time.", [(DEFICIT, "won't")]),
    ("He won't share toys with others.", [(DEFICIT, "won't")]),
    ("He suffers from anxiety in the mornings.", [(DEFICIT, "suffers from")]),
    ("Jayden was very naughty at lunchtime today.", [(DEFICIT, "naughty")]),
    ("Ruby is a bit lazy about her homework.", [(DEFICIT, "lazy")]),
    ("Mrs Begum is quite pushy about extra support.", [(DEFICIT, "pushy")]),
    (
        "Dad seems to be in denial about the diagnosis.",
        [(ADDRESS, "Dad"), (DEFICIT, "in denial")],
    ),
    (
        "Mum is in denial about his needs and is very pushy with staff.",
        [(ADDRESS, "Mum"), (DEFICIT, "in denial"), (DEFICIT, "pushy")],
    ),
    ("He can be a difficult child when plans change.", [(DEFICIT, "difficult child")]),
    (
        "Kai is a problem child and has behavioural problems.",
        [(DEFICIT, "problem child"), (DEFICIT, "behavioural problems")],
    ),
    ("There was more bad behaviour in the afternoon.", [(DEFICIT, "bad behaviour")]),
    ("Poor behaviour in maths has continued this week.", [(DEFICIT, "Poor behaviour")]),
    ("Her attention-seeking has increased since Christmas.", [(DEFICIT, "attention-seeking")]),
    (
        "Josh shows attention seeking behaviour in class.",
        [(DEFICIT, "attention seeking")],
    ),
    ("Oscar was defiant when asked to line up.", [(DEFICIT, "defiant")]),
    ("She is non-compliant in PE.", [(DEFICIT, "non-compliant")]),
    ("He is in the low ability group for maths.", [(DEFICIT, "low ability")]),
    ("Kai was aggressive towards another pupil at break.", [(DEFICIT, "aggressive")]),
    ("He is a weak reader.", [(DEFICIT, "weak")]),
    ("She is quite weak at spelling.", [(DEFICIT, "weak")]),
    ("His handwriting is still weak.", [(DEFICIT, "weak")]),
    ("He had a tantrum when the fire alarm went off.", [(DEFICIT, "tantrum")]),
    ("She's been disruptive in lessons all week.", [(DEFICIT, "disruptive")]),
    ("Isla is wheelchair-bound.", [(DEFICIT, "wheelchair-bound")]),
    ("Her school refusal has got worse since half-term.", [(DEFICIT, "school refusal")]),
    ("We find him manipulative at times.", [(DEFICIT, "manipulative")]),
    ("He's a slow learner but tries hard.", [(DEFICIT, "slow learner")]),
    (
        "Oliver refuses to use the laptop and suffers from headaches.",
        [(DEFICIT, "refuses"), (DEFICIT, "suffers from")],
    ),
    (
        "He hits out when he is frustrated, and yesterday he was violent towards a TA.",
        [(DEFICIT, "violent"), (ACRONYM, "TA")],
    ),
    # Comparison with other children
    (
        "Amelia is behind the other children in her class.",
        [(COMPARISON, "behind the other children in her class")],
    ),
    ("His writing is messier than his classmates'.", [(COMPARISON, "than his classmates")]),
    (
        "Compared to other children, he takes longer to settle.",
        [(COMPARISON, "Compared to other children")],
    ),
    ("Unlike the others, she still needs help with buttons.", [(COMPARISON, "Unlike the others")]),
    (
        "He reads more slowly than most children his age.",
        [(COMPARISON, "than most children his age")],
    ),
    ("She finds it harder to make friends than her peers.", [(COMPARISON, "than her peers")]),
    (
        "He is not keeping up with the rest of the class in maths.",
        [(COMPARISON, "keeping up with the rest of the class")],
    ),
    (
        "She is struggling compared with her classmates.",
        [(COMPARISON, "compared with her classmates")],
    ),
    ("He is well below his peers in reading.", [(COMPARISON, "below his peers")]),
    (
        "Priya is less able than her sister.",
        [(DEFICIT, "less able"), (COMPARISON, "than her sister")],
    ),
    ("Children his age can usually dress themselves.", [(COMPARISON, "Children his age")]),
    # Unexplained acronyms
    ("The SALT report is attached.", [(ACRONYM, "SALT")]),
    ("The EHCP review is on 12 March.", [(ACRONYM, "EHCP")]),
    ("We will ask CAMHS to see him again.", [(ACRONYM, "CAMHS")]),
    ("Kind regards, Mrs Jones (SENCo)", [(ACRONYM, "SENCo")]),
    (
        "His TA will meet him at the gate and the TA will stay with him at lunch.",
        [(ACRONYM, "TA")],
    ),
    (
        "He has ADHD and ASD and sees the OT weekly.",
        [(ACRONYM, "ADHD"), (ACRONYM, "ASD"), (ACRONYM, "OT")],
    ),
    ("The plan was agreed at the APDR meeting.", [(ACRONYM, "APDR")]),
    ("He has SEMH needs and an SpLD.", [(ACRONYM, "SEMH"), (ACRONYM, "SpLD")]),
    (
        "The SENCO will ring you, and the SENCo's report is attached.",
        [(ACRONYM, "SENCO")],
    ),
    ("Her KS2 results are in the report.", [(ACRONYM, "KS2")]),
    ("The ELSA sessions start on Monday.", [(ACRONYM, "ELSA")]),
    # Neutral: nothing to flag
    ("Mrs Begum shared that Amir is sleeping better since the new routine.", []),
    ("We plan to try a visual timetable, and would like your views on it.", []),
    ("Ayaan's family moved here from Mumbai last year.", []),
    ("I can't make Tuesday but Wednesday works.", []),
    ("We can't wait to see you at the summer fair.", []),
    ("Would you like us to call after 3pm?", []),
    ("If you need anything, please ring the office.", []),
    ("Not yet, but we will keep trying.", []),
    ("We will build his confidence step by step.", []),
    ("The LA (local authority) caseworker will join the review.", []),
    ("The class mummified a tomato in the history topic.", []),
    ("He told the class his favourite dad-joke at circle time.", []),
    ("He is learning to wait his turn.", []),
    ("She finds it hard to start writing.", []),
    ("Ms Khan told us that the new bedtime routine is helping.", []),
    ("Do you need us to send the letter in Urdu?", []),
    ("Whatever you need, just let us know.", []),
    ("We will send you a copy of the notes by Friday.", []),
    ("We are going to be in touch next week to ask your views on the plan.", []),
    ("Would you like to bring anyone with you to the review?", []),
    ("He now reads 20 words on sight, up from 5 in September.", []),
    ("She played happily with the other children at lunch.", []),
    ("He sits behind the other children on the carpet so he can lean on the wall.", []),
    ("Mr Okafor can't make the morning slot, so we have moved it to 3.30pm.", []),
    (
        "The education, health and care plan (EHCP) was finalised in May, "
        "and the EHCP names the school.",
        [],
    ),
    (
        "The speech and language therapy (SALT) report is attached; the SALT visits on Tuesdays.",
        [],
    ),
    ("Happy Mother's Day from everyone in Class 2!", []),
    ("Father Christmas is visiting the nursery on Friday.", []),
    ("She won't be in school on Monday because of a hospital appointment.", []),
    ("He can't eat nuts, so his lunch comes from home.", []),
    ("At the review we decided together to keep the plan as it is.", []),
    ("We have decided, together with Mr and Mrs Patel, to try a later start.", []),
    ("You don't have to reply to this email.", []),
    ("You must be so proud of how she did in the play.", []),
    ("Amir's mother tongue is Punjabi.", []),
    ("He misses his brother, who has started secondary school.", []),
    ("The mums and dads coffee morning is on Thursday.", []),
    ("She is not yet able to write her name, and is learning to hold a pencil.", []),
    ("He made his mum a birthday card in art.", []),
    ("We are going to ask the educational psychologist to observe him, if you agree.", []),
    ("Jack now joins in with the other children at carpet time.", []),
    ("She is working towards the expected standard in reading.", []),
    ("He finds it hard to stay in his seat when the room is noisy.", []),
    ("The building work has been disruptive for everyone this week.", []),
    ("Leo won't need his PE kit tomorrow.", []),
    ("Are you able to come in on Thursday, or would a phone call suit you better?", []),
    ("We will be thinking of you all on Thursday.", []),
    ("We will be in touch after the review.", []),
    ("Sorry I can't be there myself; my colleague will lead the meeting.", []),
    ("You should have received the letter about the trip by now.", []),
    ("We understand that you have to work late on Wednesdays.", []),
    (
        "Unlike last term, he now joins in with the others at lunch.",
        [],
    ),
    # Written after the rules, as a check on them, then kept
    ("Hello Dad, just to let you know Zain had a good day.", [(ADDRESS, "Dad")]),
    (
        "Following the meeting, we will be referring Ellie to the school nurse.",
        [(INFORMS, "we will be")],
    ),
    (
        "Please note you are expected to attend the annual review.",
        [(INFORMS, "you are expected to")],
    ),
    ("We've decided to move the review to the afternoon.", [(INFORMS, "We've decided")]),
    ("Max refused point blank to do his spellings.", [(DEFICIT, "refused")]),
    ("Noah still won't use the toilet at school.", [(DEFICIT, "won't")]),
    ("Freya cannot follow two-step instructions.", [(DEFICIT, "cannot")]),
    ("She can't cope with loud noises in the hall.", [(DEFICIT, "can't")]),
    ("He is far behind his classmates in phonics.", [(COMPARISON, "behind his classmates")]),
    ("She is reading at the same level as her peers now.", []),
    (
        "He is doing better than most of the class in maths.",
        [(COMPARISON, "than most of the class")],
    ),
    ("Evie's EP assessment is booked for March.", [(ACRONYM, "EP")]),
    ("An early help assessment (EHA) has been opened.", []),
    ("Please bring his red book to the SEND review.", [(ACRONYM, "SEND")]),
    ("Dear Mr and Mrs Shah, thank you for your email.", []),
    ("The children enjoyed the Mumbai food tasting on Friday.", []),
    ("He went to his dad's house at the weekend and was tired on Monday.", []),
    ("Mum rang to say he will be late.", [(ADDRESS, "Mum")]),
    ("Mum and I discussed the plan.", [(ADDRESS, "Mum")]),
    ("We will be meeting on the 14th to look at his plan together.", []),
    ("He is a very aggressive boy.", [(DEFICIT, "aggressive")]),
    ("Her behaviour problems started in Year 3.", [(DEFICIT, "behaviour problems")]),
    ("They are a hard to reach family.", [(DEFICIT, "hard to reach family")]),
    ("Lily finds sharing difficult and sometimes needs adult help.", []),
    ("You need to make an appointment with the GP.", [(INFORMS, "You need to")]),
    ("Could you let us know if he needs anything else?", []),
    ("He will not sit at the table for lunch.", [(DEFICIT, "will not")]),
    ("We are going to try a sticker chart - what do you think?", []),
    ("He did brilliantly in sports day, and the whole class cheered him on.", []),
    ("Harry is a lovely boy who can't always tell us when he is upset.", [(DEFICIT, "can't")]),
    ("As agreed, the TA (teaching assistant) will meet him at the gate.", []),
    ("The OT report from June says he needs a writing slope.", [(ACRONYM, "OT")]),
    ("Ms Lewis will send the minutes; you should get them by Friday.", []),
    ("His peers have been very kind to him this week.", []),
    ("Grace suffers with eczema, so she wears gloves for art.", [(DEFICIT, "suffers with")]),
    ("She is on the SEN register and has an IEP.", [(ACRONYM, "SEN"), (ACRONYM, "IEP")]),
    ("We can't offer a place in the nurture group this term.", []),
    ("If he won't eat his lunch, please let us know.", []),
    ("He refuses to go to the toilet on his own.", [(DEFICIT, "refuses")]),
    ("We are going to keep a daily diary and share it with you each Friday.", []),
    (
        "Present: Ms Khan (parent), Mrs Lowe (class teacher), Mr Dean (SENDCo).",
        [(ACRONYM, "SENDCo")],
    ),
    ("Ms Khan shared that mornings are still hard and Yusuf is tired after swimming.", []),
    ("Agreed actions: Mrs Lowe to send home the visual timetable by Friday.", []),
    ("Dad feels the new seat near the door has helped.", [(ADDRESS, "Dad")]),
    ("Yusuf is a boy who refuses to take his coat off in class.", [(DEFICIT, "refuses")]),
    ("He is significantly behind age-related expectations in writing.", []),
    ("We would welcome your thoughts on moving to a later start.", []),
    (
        "Next steps: we will be applying for top-up funding from the local authority.",
        [(INFORMS, "we will be")],
    ),
    ("The class teacher has decided to seat him at the front.", []),
    (
        "It's been decided that the trip will go ahead without 1:1 support.",
        [(INFORMS, "It's been decided")],
    ),
    ("You'll need to collect his medication from the office.", [(INFORMS, "You'll need to")]),
    ("Please could you sign and return the form when you have a moment?", []),
    ("She can now write her name, which she couldn't do in September.", []),
    ("Ella is making steady progress towards her targets.", []),
    ("His brother is in Year 6, and they walk in together.", []),
    ("He copes less well than his twin with changes to routine.", [(COMPARISON, "than his twin")]),
    ("Compared with last year, she is far more settled.", []),
    ("Most of his class can already tell the time.", [(COMPARISON, "Most of his class")]),
    (
        "Sophie struggles to concentrate and is easily distracted compared to the other girls.",
        [(COMPARISON, "compared to the other girls")],
    ),
    (
        "Mum was very aggressive at the gate this morning.",
        [(ADDRESS, "Mum"), (DEFICIT, "aggressive")],
    ),
    ("Thank you, Dad, for coming to the assembly.", [(ADDRESS, "Dad")]),
    ("Hi, this is Mrs Patel from Oak Class; is now a good time to talk?", []),
    ("The ADHD nurse will phone you next week.", [(ACRONYM, "ADHD")]),
    ("The educational psychologist (EP) will observe him, and the EP will then meet you.", []),
    ("He is EAL and joined us in Year 2.", [(ACRONYM, "EAL")]),
    ("She has been refusing to eat anything but toast.", [(DEFICIT, "refusing")]),
    ("We can't promise a place but we will ask.", []),
    (
        "The LA has refused to carry out an EHC needs assessment.",
        [(ACRONYM, "LA"), (ACRONYM, "EHC")],
    ),
    ("Ben won't go into the dinner hall when it is noisy.", [(DEFICIT, "won't")]),
    ("He has a lot of meltdowns at home, Ms Ali says.", []),
    ("Jamal will not be attending the residential trip.", []),
    ("We are going to be working closely with you over the coming term.", []),
    ("Mum's views: she would like more notice of changes.", [(ADDRESS, "Mum")]),
    ("Dear Parent/Carer, please find the newsletter attached.", []),
    ("His dad works away, so Ms Ali is the best person to contact.", []),
    ("Amir is a lazy writer but a keen reader.", [(DEFICIT, "lazy")]),
    ("She is the weakest in the group at reading.", [(DEFICIT, "weakest")]),
    ("You should bring any reports from the paediatrician.", [(INFORMS, "You should")]),
    ("Isaac's confidence has grown, and he now answers questions in class.", []),
    ("Kian was naughty in assembly and had to sit out.", [(DEFICIT, "naughty")]),
    # Known limitations (see KNOWN_LIMITS)
    (
        "He can't tie his shoelaces and won't ask for help.",
        [(DEFICIT, "can't"), (DEFICIT, "won't")],
    ),
    (
        "We asked the LA for an assessment, but they refused.",
        [(ACRONYM, "LA")],
    ),
]

KNOWN_LIMITS: dict[str, str] = {
    "He can't tie his shoelaces and won't ask for help.": (
        "the subject of 'won't' is carried over from an earlier clause; only a subject "
        "just before the word counts"
    ),
    "We asked the LA for an assessment, but they refused.": (
        "'they' is taken as a pupil, though here it is the local authority"
    ),
}


def found(sentence: str) -> list[tuple[str, str]]:
    """The (kind, matched text) pairs the checker reports for one sentence."""
    return [(finding.kind, finding.text) for finding in check(sentence)]


def corpus_scores() -> tuple[float, float, int]:
    """Precision and recall of the checker over the corpus, and the number of sentences."""
    true_positives = reported = expected_total = 0
    for sentence, expected in CORPUS:
        got = Counter(found(sentence))
        wanted = Counter(expected)
        true_positives += sum((got & wanted).values())
        reported += sum(got.values())
        expected_total += sum(wanted.values())
    precision = true_positives / reported if reported else 1.0
    recall = true_positives / expected_total if expected_total else 1.0
    return precision, recall, len(CORPUS)
