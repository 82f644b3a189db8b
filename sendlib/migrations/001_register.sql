-- The SEN register: pupils, their SEN status history, needs, EHC plans, parents/carers,
-- agencies and APDR plans; plus users, failed logins, the audit log and school settings.
-- No FOREIGN KEY clauses: DuckDB refuses updates to a referenced row whose table has an
-- index, so sendlib keeps references whole inside its transactions.

CREATE SEQUENCE pupil_seq START 1;
CREATE SEQUENCE sen_status_seq START 1;
CREATE SEQUENCE contact_seq START 1;
CREATE SEQUENCE agency_seq START 1;
CREATE SEQUENCE plan_seq START 1;
CREATE SEQUENCE outcome_seq START 1;
CREATE SEQUENCE provision_seq START 1;
CREATE SEQUENCE audit_seq START 1;

CREATE TABLE settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    email VARCHAR,
    role VARCHAR NOT NULL CHECK (role IN ('senco', 'teacher', 'office', 'viewer')),
    password_hash VARCHAR NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- The classes (registration groups) a teacher teaches: a teacher sees only these pupils.
CREATE TABLE teacher_classes (
    username VARCHAR NOT NULL,
    class_name VARCHAR NOT NULL,
    PRIMARY KEY (username, class_name)
);

CREATE TABLE failed_logins (
    username VARCHAR NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    audit_id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    logged_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    username VARCHAR,
    action VARCHAR NOT NULL,
    pupil_id INTEGER,
    detail VARCHAR
);

CREATE TABLE pupils (
    pupil_id INTEGER PRIMARY KEY DEFAULT nextval('pupil_seq'),
    upn VARCHAR NOT NULL UNIQUE CHECK (length(upn) = 13),
    legal_forename VARCHAR NOT NULL,
    legal_surname VARCHAR NOT NULL,
    known_as VARCHAR,
    date_of_birth DATE NOT NULL,
    -- 0 is Reception, -1 Nursery; 1 to 13 are Year 1 to Year 13.
    year_group INTEGER NOT NULL CHECK (year_group BETWEEN -1 AND 13),
    class_name VARCHAR NOT NULL,
    gender VARCHAR,
    first_language VARCHAR NOT NULL DEFAULT 'English',
    eal BOOLEAN NOT NULL DEFAULT FALSE,
    looked_after BOOLEAN NOT NULL DEFAULT FALSE,
    strengths VARCHAR,
    what_helps VARCHAR,
    triggers VARCHAR,
    adjustments VARCHAR,
    history VARCHAR,
    restricted_notes VARCHAR,
    date_left DATE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
CREATE INDEX pupils_class ON pupils (class_name);

-- 'K' SEN support and 'E' EHC plan are census codes; 'monitoring' is the local
-- cause-for-concern list, reported to the census as 'N'. One open row per pupil.
CREATE TABLE sen_status (
    status_id INTEGER PRIMARY KEY DEFAULT nextval('sen_status_seq'),
    pupil_id INTEGER NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('monitoring', 'K', 'E')),
    start_date DATE NOT NULL,
    end_date DATE,
    reason VARCHAR,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX sen_status_pupil ON sen_status (pupil_id);

CREATE TABLE needs (
    pupil_id INTEGER NOT NULL,
    rank INTEGER NOT NULL CHECK (rank IN (1, 2)),
    code VARCHAR NOT NULL CHECK (code IN ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI',
                                          'VI', 'MSI', 'PD', 'ASD', 'OTH', 'NSA')),
    PRIMARY KEY (pupil_id, rank)
);

CREATE TABLE ehc_plans (
    pupil_id INTEGER PRIMARY KEY,
    issue_date DATE NOT NULL,
    la_caseworker VARCHAR,
    caseworker_contact VARCHAR,
    last_review DATE,
    next_review DATE
);

CREATE TABLE contacts (
    contact_id INTEGER PRIMARY KEY DEFAULT nextval('contact_seq'),
    pupil_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    relationship VARCHAR NOT NULL,
    parental_responsibility BOOLEAN NOT NULL DEFAULT TRUE,
    form_of_address VARCHAR,
    preferred_channel VARCHAR NOT NULL DEFAULT 'email'
        CHECK (preferred_channel IN ('phone', 'email', 'text', 'face to face')),
    email_before_calling BOOLEAN NOT NULL DEFAULT FALSE,
    best_times VARCHAR,
    difficult_times VARCHAR,
    barriers VARCHAR,
    language VARCHAR NOT NULL DEFAULT 'English',
    interpreter_needed BOOLEAN NOT NULL DEFAULT FALSE,
    phone VARCHAR,
    email VARCHAR,
    -- Pupils may live across two households; both are informed.
    household INTEGER NOT NULL DEFAULT 1,
    priority INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contacts_pupil ON contacts (pupil_id);

CREATE TABLE agencies (
    agency_id INTEGER PRIMARY KEY DEFAULT nextval('agency_seq'),
    pupil_id INTEGER NOT NULL,
    service VARCHAR NOT NULL,
    practitioner VARCHAR,
    contact VARCHAR,
    referral_date DATE,
    status VARCHAR NOT NULL DEFAULT 'referred'
        CHECK (status IN ('referred', 'waiting list', 'assessing', 'involved', 'discharged')),
    report_received BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX agencies_pupil ON agencies (pupil_id);

-- Assess-Plan-Do-Review cycles. A new cycle is a new row; old ones are kept.
CREATE TABLE plans (
    plan_id INTEGER PRIMARY KEY DEFAULT nextval('plan_seq'),
    pupil_id INTEGER NOT NULL,
    start_date DATE NOT NULL,
    review_date DATE NOT NULL,
    parent_views VARCHAR,
    pupil_views VARCHAR,
    agreed_with_parents DATE,
    evaluation VARCHAR,
    reviewed_on DATE,
    CHECK (review_date >= start_date)
);
CREATE INDEX plans_pupil ON plans (pupil_id);

CREATE TABLE plan_outcomes (
    outcome_id INTEGER PRIMARY KEY DEFAULT nextval('outcome_seq'),
    plan_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    outcome VARCHAR NOT NULL,
    rating INTEGER CHECK (rating BETWEEN -2 AND 2)
);
CREATE INDEX plan_outcomes_plan ON plan_outcomes (plan_id);

CREATE TABLE plan_provision (
    provision_id INTEGER PRIMARY KEY DEFAULT nextval('provision_seq'),
    plan_id INTEGER NOT NULL,
    description VARCHAR NOT NULL,
    frequency VARCHAR,
    delivered_by VARCHAR
);
CREATE INDEX plan_provision_plan ON plan_provision (plan_id);
