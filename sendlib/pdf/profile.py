"""The printed pupil profile: what a parent, a receiving school or the local authority reads."""

from __future__ import annotations

from datetime import date

from sendlib.pdf.house import HouseDocument
from sendlib.pdf.house_style import LINE, RESTRICTED, yes_no
from sendlib.pupils import census
from sendlib.pupils.contacts import Contact
from sendlib.pupils.plans import Plan
from sendlib.pupils.record import PupilProfile
from sendlib.school import year
from sendlib.words import long_date, short_date


def build_profile_pdf(
    profile: PupilProfile, school_name: str, printed_on: date, printed_by: str
) -> bytes:
    """A pupil's profile as a PDF. Restricted notes appear only if the profile carries them."""
    pupil = profile.pupil
    pdf = HouseDocument(f"Pupil profile: {pupil.display_name}", school_name, printed_on, printed_by)
    _about_pupil(pdf, profile, printed_on)
    _needs(pdf, profile)
    _ehc_plan(pdf, profile)
    _support(pdf, profile)
    _one_page(pdf, profile)
    _status_history(pdf, profile)
    _contacts(pdf, profile.contacts)
    _agencies(pdf, profile)
    _current_plan(pdf, profile.current_plan, printed_on)
    _past_plans(pdf, profile.past_plans, printed_on)
    if pupil.restricted_notes is not None:
        _restricted(pdf, pupil.restricted_notes)
    return pdf.to_bytes()


def _about_pupil(pdf: HouseDocument, profile: PupilProfile, printed_on: date) -> None:
    pupil = profile.pupil
    pdf.section("Pupil")
    language = pupil.first_language
    if pupil.eal:
        language += " (English as an additional language)"
    age = year.age_on(pupil.date_of_birth, printed_on)
    pairs: list[tuple[str, object]] = [
        ("Name", pupil.display_name),
        ("Known as", pupil.known_as or pupil.legal_forename),
        ("Legal name", pupil.legal_name),
        ("UPN", pupil.upn),
        ("Date of birth", f"{long_date(pupil.date_of_birth)} (age {age})"),
        ("Year and class", f"{census.year_label(pupil.year_group)}, class {pupil.class_name}"),
        ("First language", language),
    ]
    if pupil.looked_after:
        pairs.append(("Looked after", "Yes"))
    if pupil.date_left:
        pairs.append(("Left the school", long_date(pupil.date_left)))
    pdf.key_values(pairs)


def _need_words(code: str | None) -> str:
    return census.need_label(code) or "None recorded"


def _needs(pdf: HouseDocument, profile: PupilProfile) -> None:
    pdf.section("Special educational needs")
    since = next((p.start_date for p in profile.status_history if p.end_date is None), None)
    status = census.status_label(profile.status)
    if since:
        status += f", since {long_date(since)}"
    areas = []
    for code in (profile.primary_need, profile.secondary_need):
        area = census.broad_area(code)
        if area and area not in areas:
            areas.append(area)
    pdf.key_values(
        [
            ("SEN status", status),
            ("Primary need", _need_words(profile.primary_need)),
            ("Secondary need", _need_words(profile.secondary_need)),
            ("Broad area of need", "; ".join(areas) or "Not applicable"),
        ]
    )


def _ehc_plan(pdf: HouseDocument, profile: PupilProfile) -> None:
    pdf.section("Education, health and care (EHC) plan")
    plan = profile.ehc_plan
    if plan is None:
        pdf.empty("No EHC plan recorded.")
        return
    pdf.key_values(
        [
            ("Issued", long_date(plan.issue_date)),
            ("Local authority", plan.local_authority),
            ("Caseworker", plan.la_caseworker),
            ("Caseworker contact", plan.caseworker_reach),
            ("Last annual review", long_date(plan.last_review)),
            ("Next annual review", long_date(plan.next_review)),
        ]
    )


def _support(pdf: HouseDocument, profile: PupilProfile) -> None:
    pupil = profile.pupil
    pdf.section(f"About {pupil.known_as or pupil.legal_forename}")
    pdf.key_values(
        [
            ("Strengths", pupil.strengths),
            ("What helps", pupil.what_helps),
            ("Triggers", pupil.triggers),
            ("Reasonable adjustments", pupil.adjustments),
            ("Relevant history", pupil.history),
        ]
    )


def _one_page(pdf: HouseDocument, profile: PupilProfile) -> None:
    about = profile.about_me
    if about is None:
        return
    pdf.section("One-page profile")
    pdf.key_values(about.sections())
    pdf.paragraph(about.credit(profile.pupil.known_as or profile.pupil.legal_forename), muted=True)


def _status_history(pdf: HouseDocument, profile: PupilProfile) -> None:
    pdf.section("SEN status history")
    if not profile.status_history:
        pdf.empty("No SEN status recorded: this pupil has never been on the register.")
        return
    pdf.simple_table(
        ("Status", "From", "To", "Reason"),
        [
            (p.label, short_date(p.start_date), short_date(p.end_date) or "Current", p.reason)
            for p in profile.status_history
        ],
        widths=(3, 2, 2, 5),
    )


def _contact_pairs(contact: Contact) -> list[tuple[str, object]]:
    channel = contact.preferred_channel.capitalize()
    if contact.email_before_calling:
        channel += " (please email before calling)"
    language = contact.language
    language += ", interpreter needed" if contact.interpreter_needed else ""
    return [
        ("Please address as", contact.addressed_as),
        ("Relationship", contact.relationship),
        ("Parental responsibility", yes_no(contact.parental_responsibility)),
        ("Preferred contact", channel),
        ("Language", language),
        ("Best times", contact.best_times),
        ("Difficult times", contact.difficult_times),
        ("Barriers to attending", contact.barriers),
        ("Phone", contact.phone),
        ("Other phone", contact.phone_other),
        (
            "Email",
            contact.email
            and contact.email + ("" if contact.email_consent else " (not to be emailed)"),
        ),
        ("Lives with the pupil", yes_no(contact.lives_with_pupil)),
        ("Address", contact.address),
    ]


def _contacts(pdf: HouseDocument, contacts: list[Contact]) -> None:
    households = {c.household for c in contacts}
    blocks = []
    for contact in contacts:
        heading = f"{contact.name} ({contact.relationship.lower()})"
        if len(households) > 1:
            heading += f" — household {contact.household}"
        pairs = _contact_pairs(contact)
        blocks.append((heading, pairs, LINE * 1.15 * len(pairs) + 12))
    if blocks:
        pdf.keep_space(blocks[0][2] + 16)  # the section heading stays with the first person
    pdf.section("Parents and carers")
    if not blocks:
        pdf.empty("No parents or carers recorded.")
    for heading, pairs, height in blocks:
        pdf.keep_space(height)  # one person's details on one page, where they fit
        pdf.subheading(heading)
        pdf.key_values(pairs)


def _agencies(pdf: HouseDocument, profile: PupilProfile) -> None:
    pdf.section("Outside agencies")
    if not profile.agencies:
        pdf.empty("No agencies recorded.")
        return
    rows = []
    for agency in profile.agencies:
        who = "\n".join(
            part for part in (agency.practitioner, agency.team, agency.phone, agency.email) if part
        )
        status = agency.status_words.capitalize()
        if agency.next_step:
            status += f"\nNext: {agency.next_step}"
        rows.append(
            (
                agency.service_name,
                who or "Not recorded",
                short_date(agency.referral_date) or "Not recorded",
                status,
                yes_no(agency.report_received),
            )
        )
    pdf.simple_table(
        ("Service", "Named contact", "Referred", "Where it stands", "Report received"),
        rows,
        widths=(4, 4.2, 2, 2, 1.8),
    )


def _plan_dates(plan: Plan) -> str:
    return f"{long_date(plan.start_date)} to {long_date(plan.review_date)}"


def _overdue(pdf: HouseDocument, plan: Plan, printed_on: date) -> None:
    """Said plainly, as the pupil page flags it: the review date has passed with no review."""
    if plan.review_overdue(printed_on):
        pdf.paragraph(f"Review overdue: due {long_date(plan.review_date)}", warning=True)


def _current_plan(pdf: HouseDocument, plan: Plan | None, printed_on: date) -> None:
    pdf.section("Current support plan")
    if plan is None:
        pdf.empty("No current plan.")
        return
    _overdue(pdf, plan, printed_on)
    pdf.key_values(
        [
            ("Plan dates", _plan_dates(plan)),
            (
                "Agreed with parents",
                long_date(plan.agreed_with_parents) or "Not yet agreed with parents",
            ),
        ]
    )
    pdf.subheading("Outcomes")
    if plan.outcomes:
        pdf.simple_table(
            ("", "Outcome"),
            [(str(i), o.outcome) for i, o in enumerate(plan.outcomes, start=1)],
            widths=(0.7, 11.3),
        )
    else:
        pdf.empty("No outcomes recorded.")
    pdf.subheading("Provision")
    if plan.provision:
        pdf.simple_table(
            ("What", "How often", "By whom"),
            [(p.description, p.frequency, p.delivered_by) for p in plan.provision],
            widths=(6, 3, 3),
        )
    else:
        pdf.empty("No provision recorded.")
    pdf.subheading("Views")
    pdf.key_values([("Parents' views", plan.parent_views), ("Pupil's views", plan.pupil_views)])


def _past_plans(pdf: HouseDocument, plans: list[Plan], printed_on: date) -> None:
    pdf.section("Past plans")
    if not plans:
        pdf.empty("No past plans.")
        return
    for plan in plans:
        heading = _plan_dates(plan)
        if plan.reviewed_on:
            heading += f", reviewed {long_date(plan.reviewed_on)}"
        pdf.subheading(heading)
        _overdue(pdf, plan, printed_on)  # an older plan never reviewed
        if plan.outcomes:
            pdf.simple_table(
                ("Outcome", "How it went"),
                [(o.outcome, o.rating_label) for o in plan.outcomes],
                widths=(8.5, 3.5),
            )
        else:
            pdf.empty("No outcomes recorded.")
        pdf.key_values([("Evaluation", plan.evaluation)])


def _restricted(pdf: HouseDocument, notes: str) -> None:
    # On a page of its own, so the SENCo can take it out before the profile is shared.
    pdf.add_page()
    pdf.section("Restricted — SENCo only", colour=RESTRICTED)
    pdf.paragraph("Not to be shared with parents, carers or other agencies.", muted=True)
    pdf.paragraph(notes or "No restricted notes.")
