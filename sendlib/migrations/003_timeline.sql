-- The communication timeline and the promise ledger (actions agreed with parents), and the
-- school calendar that reply times are counted in.

CREATE SEQUENCE communication_seq START 1;
CREATE SEQUENCE action_seq START 1;
CREATE SEQUENCE closure_seq START 1;

-- Term dates: reply times count school days only. Half terms, INSET days and closures inside a
-- term are listed in closures.
CREATE TABLE terms (
    academic_year INTEGER NOT NULL,          -- 2026 for 2026/27
    name VARCHAR NOT NULL CHECK (name IN ('autumn', 'spring', 'summer')),
    starts DATE NOT NULL,
    ends DATE NOT NULL,
    PRIMARY KEY (academic_year, name),
    CHECK (ends >= starts)
);

CREATE TABLE closures (
    closure_id INTEGER PRIMARY KEY DEFAULT nextval('closure_seq'),
    starts DATE NOT NULL,
    ends DATE NOT NULL,
    reason VARCHAR NOT NULL,                 -- 'half term', 'INSET day', 'bank holiday', ...
    CHECK (ends >= starts)
);

CREATE TABLE communications (
    communication_id INTEGER PRIMARY KEY DEFAULT nextval('communication_seq'),
    pupil_id INTEGER NOT NULL,
    happened_at TIMESTAMPTZ NOT NULL,        -- when it happened
    entered_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,   -- when it was typed
    entered_by VARCHAR NOT NULL,             -- username
    channel VARCHAR NOT NULL CHECK (channel IN ('phone', 'email', 'text', 'letter',
        'meeting in person', 'video call', 'home-school book')),
    direction VARCHAR NOT NULL CHECK (direction IN ('from parent', 'to parent', 'with agency',
        'within school')),
    contact_id INTEGER,                      -- the parent/carer, when it was one
    agency_id INTEGER,                       -- the agency practitioner, when it was one
    staff_username VARCHAR,                  -- the member of staff who spoke or wrote
    subject VARCHAR NOT NULL,
    summary VARCHAR NOT NULL,
    parent_views VARCHAR,                    -- the parent's views, as they said them
    meeting_kind VARCHAR CHECK (meeting_kind IN ('APDR review', 'parent surgery',
        'EHCP annual review', 'parents'' evening', 'other')),
    led_by VARCHAR CHECK (led_by IN ('class teacher', 'SENCo', 'other')),
    attendees VARCHAR,
    next_meeting DATE,
    needs_reply BOOLEAN NOT NULL DEFAULT FALSE,
    replied_at TIMESTAMPTZ,
    written_record_given DATE,
    CHECK (meeting_kind IS NOT NULL OR led_by IS NULL),
    CHECK (replied_at IS NULL OR needs_reply)
);
CREATE INDEX communications_pupil ON communications (pupil_id);
CREATE INDEX communications_happened ON communications (happened_at);

-- The promise ledger: what was agreed, who does it, by when, and whether the parents heard.
CREATE TABLE actions (
    action_id INTEGER PRIMARY KEY DEFAULT nextval('action_seq'),
    pupil_id INTEGER NOT NULL,
    communication_id INTEGER,                -- where it was agreed (NULL when made by the app)
    description VARCHAR NOT NULL,
    owner_kind VARCHAR NOT NULL CHECK (owner_kind IN ('staff', 'parent', 'pupil', 'agency')),
    owner_username VARCHAR,                  -- when a member of staff owns it
    owner_name VARCHAR NOT NULL,             -- as shown: 'Ms Khan (parent)', 'SALT', ...
    due_date DATE NOT NULL,
    done_date DATE,
    parent_told DATE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    -- Set when the app made the action itself, e.g. after a change on the register.
    reason VARCHAR,
    CHECK (owner_kind <> 'staff' OR owner_username IS NOT NULL)
);
CREATE INDEX actions_pupil ON actions (pupil_id);
CREATE INDEX actions_due ON actions (due_date);
