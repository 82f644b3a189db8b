-- Parents and carers kept by the school itself: names in parts, a second phone, the address,
-- whether they live with the pupil, whether they agreed to be emailed, and an end (a contact is
-- never deleted: the timeline and bookings still name them).
-- DuckDB alters a table only once its indexes are dropped; the index is made again below.
DROP INDEX contacts_pupil;
ALTER TABLE contacts ADD COLUMN title VARCHAR;
ALTER TABLE contacts ADD COLUMN forename VARCHAR;
ALTER TABLE contacts ADD COLUMN surname VARCHAR;
ALTER TABLE contacts ADD COLUMN lives_with_pupil BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE contacts ADD COLUMN address VARCHAR;
ALTER TABLE contacts ADD COLUMN phone_other VARCHAR;
ALTER TABLE contacts ADD COLUMN email_consent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE contacts ADD COLUMN ended_on DATE;
ALTER TABLE contacts ADD COLUMN ended_reason VARCHAR;
-- Contacts written before names came in parts: the last word is the surname.
UPDATE contacts SET
    forename = CASE WHEN strpos(trim(name), ' ') > 0
                    THEN regexp_extract(trim(name), '^(.*\S)\s+\S+$', 1) ELSE trim(name) END,
    surname = CASE WHEN strpos(trim(name), ' ') > 0
                   THEN regexp_extract(trim(name), '(\S+)$', 1) ELSE '' END,
    email_consent = email IS NOT NULL;
CREATE INDEX contacts_pupil ON contacts (pupil_id);
