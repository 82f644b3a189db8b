-- Names are kept with each accent composed with its letter (Unicode NFC), as the forms now store
-- them: a name typed before as 'e' and a combining mark is found by a search for 'Zoë' and reads
-- the same on screen, in exports and on paper. The letters shown do not change.
UPDATE pupils SET
    legal_forename = nfc_normalize(legal_forename),
    legal_surname = nfc_normalize(legal_surname),
    known_as = nfc_normalize(known_as)
WHERE legal_forename <> nfc_normalize(legal_forename)
    OR legal_surname <> nfc_normalize(legal_surname)
    OR known_as <> nfc_normalize(known_as);
UPDATE contacts SET
    name = nfc_normalize(name),
    forename = nfc_normalize(forename),
    surname = nfc_normalize(surname)
WHERE name <> nfc_normalize(name)
    OR forename <> nfc_normalize(forename)
    OR surname <> nfc_normalize(surname);
UPDATE users SET name = nfc_normalize(name) WHERE name <> nfc_normalize(name);
