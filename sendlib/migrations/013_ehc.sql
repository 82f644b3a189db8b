-- EHC plans kept by the school itself: the local authority and the caseworker's phone and
-- email; each annual review planned (its statutory steps are actions on the promise ledger);
-- and requests for an EHC needs assessment (their clocks are actions too).
ALTER TABLE ehc_plans ADD COLUMN local_authority VARCHAR;
ALTER TABLE ehc_plans ADD COLUMN caseworker_phone VARCHAR;
ALTER TABLE ehc_plans ADD COLUMN caseworker_email VARCHAR;
-- The old free-text contact ('jo.bell@example.org, 01632 960123') split into email and phone.
UPDATE ehc_plans SET
    caseworker_phone = nullif(regexp_extract(coalesce(caseworker_contact, ''),
                                             '\+?[0-9][0-9 ]{8,}[0-9]'), ''),
    caseworker_email = nullif(lower(regexp_extract(coalesce(caseworker_contact, ''),
                                                   '[^\s,;]+@[^\s,;]+')), '');
CREATE SEQUENCE ehc_review_seq;
CREATE TABLE ehc_reviews (
    review_id INTEGER PRIMARY KEY DEFAULT nextval('ehc_review_seq'),
    pupil_id INTEGER NOT NULL,
    meeting_date DATE NOT NULL,
    held BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX ehc_reviews_pupil ON ehc_reviews (pupil_id);
CREATE SEQUENCE ehc_request_seq;
CREATE TABLE ehc_requests (
    request_id INTEGER PRIMARY KEY DEFAULT nextval('ehc_request_seq'),
    pupil_id INTEGER NOT NULL,
    requested_on DATE NOT NULL,
    requested_by VARCHAR NOT NULL CHECK (requested_by IN ('school', 'parents'))
);
CREATE INDEX ehc_requests_pupil ON ehc_requests (pupil_id);
