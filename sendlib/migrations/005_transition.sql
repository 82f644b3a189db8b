-- Transition packs: what the receiving setting needs to know about a pupil before the first day,
-- agreed with the parents. A pack's text is kept version by version; each change of status is
-- recorded, with who agreed, who received it and the parents' comments.

CREATE SEQUENCE transition_pack_seq START 1;
CREATE SEQUENCE pack_version_seq START 1;
CREATE SEQUENCE pack_task_seq START 1;
CREATE SEQUENCE pack_event_seq START 1;

CREATE TABLE transition_packs (
    pack_id INTEGER PRIMARY KEY DEFAULT nextval('transition_pack_seq'),
    pupil_id INTEGER NOT NULL,
    move_kind VARCHAR NOT NULL CHECK (move_kind IN ('class to class', 'primary to secondary',
        'school to school', 'into post-16')),
    receiving_setting VARCHAR NOT NULL,      -- 'Year 4, Oak class' or 'Northfield Academy'
    receiving_teacher VARCHAR,
    move_date DATE NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'shared with parents',
        'agreed with parents', 'handed over', 'receipt confirmed')),
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
CREATE INDEX transition_packs_pupil ON transition_packs (pupil_id);

-- The pack's sections as saved, one row per version; sections is a JSON object of section key
-- to text. Old versions are kept, never overwritten.
CREATE TABLE pack_versions (
    version_id INTEGER PRIMARY KEY DEFAULT nextval('pack_version_seq'),
    pack_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    sections VARCHAR NOT NULL,
    saved_by VARCHAR NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL,
    UNIQUE (pack_id, version)
);

-- The transition plan's checklist: extra visits, photo book, meeting between settings, ...
CREATE TABLE pack_tasks (
    task_id INTEGER PRIMARY KEY DEFAULT nextval('pack_task_seq'),
    pack_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    description VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    due_date DATE,
    done_date DATE
);
CREATE INDEX pack_tasks_pack ON pack_tasks (pack_id);

-- Each change of status: who, when, which version, and what was said (the parents' comments
-- when they agree; to whom it was handed; the reason for handing over before agreement).
CREATE TABLE pack_events (
    event_id INTEGER PRIMARY KEY DEFAULT nextval('pack_event_seq'),
    pack_id INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    happened_on DATE NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL,
    person VARCHAR,                          -- who agreed, or who received it
    comments VARCHAR,                        -- the parents' comments, in their words
    reason VARCHAR,                          -- why it was handed over without agreement
    communication_id INTEGER                 -- the timeline entry for this change
);
CREATE INDEX pack_events_pack ON pack_events (pack_id);
