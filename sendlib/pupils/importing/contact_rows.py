"""Reading a MIS contacts report (SIMS, Arbor, Bromcom...): its columns matched to a parent's or
carer's details, and each row's cells read as the contact form would take them.

A blank cell says nothing: it never wipes what the school already holds. A name may come in two
columns or as one ('Mrs Sarah Khan', 'Khan, Sarah'); yes/no columns take the spellings MIS
reports use (Yes, Y, True, 1, a tick)."""

from __future__ import annotations

import re
from typing import Any

from sendlib.errors import Problem
from sendlib.pupils import contacts

# Field name -> what it is called in messages.
LABELS: dict[str, str] = {
    "upn": "Pupil's UPN",
    "title": contacts.LABELS["title"],
    "forename": contacts.LABELS["forename"],
    "surname": contacts.LABELS["surname"],
    "full_name": "Whole name (when not in two columns)",
    "relationship": contacts.LABELS["relationship"],
    "priority": "Priority (who is contacted first)",
    "parental_responsibility": contacts.LABELS["parental_responsibility"],
    "lives_with_pupil": contacts.LABELS["lives_with_pupil"],
    "phone": "Main phone (mobile)",
    "phone_other": "Other phone (home or work)",
    "email": contacts.LABELS["email"],
    "email_consent": contacts.LABELS["email_consent"],
    "address": "Address (first line, or all of it)",
    "address_2": "Address, second line",
    "town": "Town",
    "postcode": "Postcode",
}
REQUIRED = ("upn", "relationship")
# Field name -> the label the column-matching screen shows; required ones say so.
FIELDS = {k: f"{label} (required)" if k in REQUIRED else label for k, label in LABELS.items()}

# Header spellings seen in contacts reports, compared without case, spaces or punctuation; the
# first present wins, so the more specific come first. A bare 'Forename' or 'Surname' is left
# out on purpose: in these reports it is usually the pupil's.
ALIASES: dict[str, tuple[str, ...]] = {
    name: tuple(spellings.split())
    for name, spellings in {
        "upn": "upn pupilupn studentupn uniquepupilnumber",
        "title": "contacttitle parenttitle guardiantitle carertitle title salutation",
        "forename": "contactforename contactfirstname contactlegalforename parentforename "
        "parentfirstname guardianforename guardianfirstname carerforename carerfirstname",
        "surname": "contactsurname contactlastname contactlegalsurname parentsurname "
        "parentlastname guardiansurname guardianlastname carersurname carerlastname",
        "full_name": "contactname contactfullname parentname parentcarername guardianname "
        "carername parentcarer contact",
        "relationship": "relationship relationshiptopupil relationshiptostudent relationtopupil "
        "contactrelationship relationshipdescription relation",
        "priority": "priority contactpriority contactorder priorityorder order",
        "parental_responsibility": "parentalresponsibility hasparentalresponsibility "
        "parentalresp pr responsibility",
        "lives_with_pupil": "liveswithpupil liveswithstudent liveswithchild liveswith "
        "livesatsameaddress sameaddress resident",
        "phone": "mobile mobilephone mobilenumber mobiletelephone contactmobile telephonemobile "
        "mainphone mainnumber primaryphone phone phonenumber telephone telephonenumber "
        "contacttelephone",
        "phone_other": "hometelephone homephone homenumber home landline worktelephone "
        "workphone worknumber work othertelephone otherphone secondphone telephone2 phone2",
        "email": "email emailaddress contactemail parentemail homeemail personalemail mainemail",
        "email_consent": "emailconsent agreedtobeemailed agreedtoemail contactbyemail canemail "
        "consenttoemail emailok",
        "address": "address contactaddress homeaddress fulladdress addressline1 address1 street",
        "address_2": "addressline2 address2 locality",
        "town": "town towncity city posttown",
        "postcode": "postcode postalcode zip",
    }.items()
}

_YES = {"yes", "y", "true", "t", "1", "x", "✓", "✔", "tick", "ticked"}
_NO = {"no", "n", "false", "f", "0"}
_TITLE = {t.casefold(): t for t in contacts.TITLES}
# Relationships as MIS reports write them, and how the app keeps them.
_RELATIONSHIPS = {
    "step mother": "stepmother",
    "step-mother": "stepmother",
    "step father": "stepfather",
    "step-father": "stepfather",
    "mum": "mother",
    "dad": "father",
}
MAX_PRIORITY = 99


def relationship_key(text: str | None) -> str:
    """A relationship as the app keeps it: lower case, single spaces ('Step Mother' ->
    'stepmother'); what a contact is matched on, with the pupil and the names."""
    plain = " ".join(str(text or "").split()).casefold()
    return _RELATIONSHIPS.get(plain, plain)


def _title(word: str) -> str | None:
    return _TITLE.get(word.rstrip(".").casefold())


def split_name(text: str) -> tuple[str | None, str, str]:
    """A whole name in one cell as (title, forename, surname): 'Mrs Sarah Khan', 'Khan, Sarah',
    'KHAN, Sarah (Mrs)'. The surname is empty when there is only one word."""
    text = " ".join(text.split())
    title = None
    bracketed = re.search(r"\(([^)]*)\)\s*$", text)
    if bracketed and _title(bracketed.group(1).strip()):
        title, text = _title(bracketed.group(1).strip()), text[: bracketed.start()].strip()
    if "," in text:
        surname, _, forename = (part.strip() for part in text.partition(","))
        words = forename.split()
        if words and _title(words[0]) and len(words) > 1:
            title, forename = _title(words[0]), " ".join(words[1:])
        return title, forename, surname
    words = text.split()
    if len(words) > 2 and _title(words[0]):
        title, words = _title(words[0]), words[1:]
    if len(words) < 2:
        return title, text, ""
    return title, " ".join(words[:-1]), words[-1]


def yes_no(text: str) -> tuple[bool | None, str | None]:
    """A yes/no cell as True, False or None (blank); and what is wrong when it is neither."""
    plain = text.strip().casefold()
    if not plain:
        return None, None
    if plain in _YES:
        return True, None
    if plain in _NO:
        return False, None
    return None, f"'{text.strip()}' is not yes or no"


def read_row(cells: dict[str, str], row: int) -> tuple[dict[str, Any], list[Problem]]:
    """What one row of the file says about a contact, as the contact form's values (a blank
    cell is left out, so it changes nothing), with the problems only the file can have."""
    problems: list[Problem] = []
    said: dict[str, Any] = {}
    cell = {key: value.strip() for key, value in cells.items()}
    said["upn"] = cell.get("upn", "").upper()
    if not said["upn"]:
        problems.append(Problem(LABELS["upn"], "is required", row))
    if cell.get("forename") or cell.get("surname") or "full_name" not in cell:
        forename, surname, title = cell.get("forename", ""), cell.get("surname", ""), None
    else:
        title, forename, surname = split_name(cell["full_name"])
    if cell.get("title"):
        title = cell["title"].rstrip(".")
    said.update({"title": title, "forename": forename, "surname": surname})
    if "full_name" in cell and cell["full_name"] and not surname:
        problems.append(
            Problem(
                LABELS["full_name"], f"'{cell['full_name']}' needs a forename and a surname", row
            )
        )
    said["relationship"] = relationship_key(cell.get("relationship"))
    for key in ("parental_responsibility", "lives_with_pupil", "email_consent"):
        said[key], wrong = yes_no(cell.get(key, ""))
        if wrong:
            problems.append(Problem(LABELS[key], wrong, row))
    said["priority"] = None
    if cell.get("priority"):
        number = cell["priority"]
        if number.isascii() and number.isdigit() and 1 <= int(number) <= MAX_PRIORITY:
            said["priority"] = int(number)
        else:
            message = f"'{number}' is not a whole number from 1 to {MAX_PRIORITY}"
            problems.append(Problem(LABELS["priority"], message, row))
    for key in ("phone", "phone_other", "email"):
        said[key] = cell.get(key) or None
    lines = [cell.get(k, "") for k in ("address", "address_2", "town", "postcode")]
    said["address"] = ", ".join(line for line in lines if line) or None
    return {key: value for key, value in said.items() if value not in (None, "")}, problems
