"""Import pupils from a CSV exported by the school's MIS (SIMS, Arbor, Bromcom...).

Read the file and match its columns to our fields (read), preview every row with its problems
(check), then apply the whole file in one transaction (apply): new pupils are added, known UPNs
are updated, nothing else moves.

A second kind of file, the MIS contacts report, goes the same way (contact_rows, contacts,
contacts_apply):
parents and carers are matched by the pupil's UPN, their names and relationship.
"""

from sendlib.pupils.importing import contact_rows
from sendlib.pupils.importing.apply import ImportResult, apply_import
from sendlib.pupils.importing.check import ImportPreview, describe_refused_rows, preview_import
from sendlib.pupils.importing.contacts import ContactsPreview, preview_contacts
from sendlib.pupils.importing.contacts_apply import ContactsResult, apply_contacts
from sendlib.pupils.importing.read import (
    FIELDS,
    MAX_BYTES,
    MAX_ROWS,
    SIMS_HEADER,
    read_csv,
    suggest_mapping,
)

__all__ = [
    "FIELDS",
    "ContactsPreview",
    "ContactsResult",
    "apply_contacts",
    "contact_rows",
    "preview_contacts",
    "MAX_BYTES",
    "MAX_ROWS",
    "SIMS_HEADER",
    "ImportPreview",
    "ImportResult",
    "apply_import",
    "describe_refused_rows",
    "preview_import",
    "read_csv",
    "suggest_mapping",
]
