-- Outside agencies kept by the school itself: a named contact with a phone and an email, the
-- team, the last contact and the next step, and the statuses a SENCo uses (considering a
-- referral, referred, on the waiting list, seen, discharged).
-- The status's CHECK changes, which DuckDB does only by making the table again.
CREATE TABLE agencies_new (
    agency_id INTEGER PRIMARY KEY DEFAULT nextval('agency_seq'),
    pupil_id INTEGER NOT NULL,
    service VARCHAR NOT NULL,
    practitioner VARCHAR,
    team VARCHAR,
    phone VARCHAR,
    email VARCHAR,
    referral_date DATE,
    status VARCHAR NOT NULL DEFAULT 'referred'
        CHECK (status IN ('considering', 'referred', 'waiting', 'seen', 'discharged')),
    last_contact DATE,
    next_step VARCHAR,
    report_received BOOLEAN NOT NULL DEFAULT FALSE
);
-- The old free-text contact ('SALT team, 0113 496 0123', 'jo.bell@nhs.example') is split into
-- its email, its phone number and what is left (the team).
INSERT INTO agencies_new (agency_id, pupil_id, service, practitioner, team, phone, email,
                          referral_date, status, report_received)
SELECT agency_id, pupil_id, service, practitioner,
       nullif(trim(regexp_replace(regexp_replace(coalesce(contact, ''),
              '[^\s,;]+@[^\s,;]+', '', 'g'), '\+?[0-9][0-9 ]{8,}[0-9]', '', 'g'), ' ,;'), ''),
       nullif(regexp_extract(coalesce(contact, ''), '\+?[0-9][0-9 ]{8,}[0-9]'), ''),
       nullif(lower(regexp_extract(coalesce(contact, ''), '[^\s,;]+@[^\s,;]+')), ''),
       referral_date,
       CASE status WHEN 'waiting list' THEN 'waiting'
                   WHEN 'assessing' THEN 'seen'
                   WHEN 'involved' THEN 'seen'
                   ELSE status END,
       report_received
FROM agencies;
DROP TABLE agencies;
ALTER TABLE agencies_new RENAME TO agencies;
CREATE INDEX agencies_pupil ON agencies (pupil_id);
