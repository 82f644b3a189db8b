-- Parent surgeries: the weekly pattern of protected sessions, the sessions and slots made from
-- it for each term, and the bookings the office makes in them.

CREATE SEQUENCE surgery_pattern_seq START 1;
CREATE SEQUENCE surgery_session_seq START 1;
CREATE SEQUENCE surgery_slot_seq START 1;
CREATE SEQUENCE booking_seq START 1;

-- One weekly session the SENCo protects, every school week in term.
CREATE TABLE surgery_patterns (
    pattern_id INTEGER PRIMARY KEY DEFAULT nextval('surgery_pattern_seq'),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 4),   -- 0 Monday to 4 Friday
    starts TIME NOT NULL,                                        -- school (London) time
    ends TIME NOT NULL,                      -- the end of the protected lesson(s)
    slot_count INTEGER NOT NULL CHECK (slot_count BETWEEN 1 AND 24),
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 10 AND 120),
    place VARCHAR NOT NULL,
    remote_details VARCHAR,                  -- the video link or phone number for remote meetings
    active BOOLEAN NOT NULL DEFAULT TRUE,    -- a retired pattern makes no new sessions
    CHECK (ends > starts)
);

-- A session on one day: made from a pattern, or added as a one-off extra (pattern_id NULL).
CREATE TABLE surgery_sessions (
    session_id INTEGER PRIMARY KEY DEFAULT nextval('surgery_session_seq'),
    pattern_id INTEGER,
    session_date DATE NOT NULL,
    starts TIME NOT NULL,
    ends TIME NOT NULL,
    slot_count INTEGER NOT NULL CHECK (slot_count BETWEEN 1 AND 24),
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 10 AND 120),
    place VARCHAR NOT NULL,
    remote_details VARCHAR,
    created_by VARCHAR NOT NULL,
    cancelled_at TIMESTAMPTZ,
    cancelled_by VARCHAR,
    cancel_reason VARCHAR,
    UNIQUE (pattern_id, session_date),
    CHECK (ends > starts)
);
CREATE INDEX surgery_sessions_date ON surgery_sessions (session_date);

-- Each slot's start and end as instants, worked out from the school's wall-clock time, so a
-- 13:30 slot stays at 13:30 on both sides of a change of the clocks.
CREATE TABLE surgery_slots (
    slot_id INTEGER PRIMARY KEY DEFAULT nextval('surgery_slot_seq'),
    session_id INTEGER NOT NULL,
    position INTEGER NOT NULL,               -- 1 for the session's first slot
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    UNIQUE (session_id, position),
    CHECK (ends_at > starts_at)
);
CREATE INDEX surgery_slots_starts ON surgery_slots (starts_at);

-- A booking (or a hold, with no pupil yet). active_slot_id is the slot while the booking
-- occupies it and NULL once cancelled: its UNIQUE constraint is what lets exactly one of two
-- people booking the same slot at once succeed.
CREATE TABLE bookings (
    booking_id INTEGER PRIMARY KEY DEFAULT nextval('booking_seq'),
    slot_id INTEGER NOT NULL,
    active_slot_id INTEGER UNIQUE,
    status VARCHAR NOT NULL
        CHECK (status IN ('held', 'booked', 'cancelled', 'attended', 'no-show')),
    pupil_id INTEGER,
    contact_id INTEGER,
    mode VARCHAR CHECK (mode IN ('in person', 'phone', 'video')),
    agenda VARCHAR,                          -- the parent's agenda, in their own words
    hold_note VARCHAR,                       -- why a slot is held
    booked_by VARCHAR NOT NULL,
    booked_at TIMESTAMPTZ NOT NULL,
    changed_by VARCHAR,
    changed_at TIMESTAMPTZ,
    cancel_reason VARCHAR,
    communication_id INTEGER,                -- the timeline entry recorded from the meeting
    follow_up_action_id INTEGER,             -- the SENCo's follow-up after a no-show
    CHECK ((status = 'cancelled') = (active_slot_id IS NULL)),
    CHECK (active_slot_id IS NULL OR active_slot_id = slot_id),
    CHECK (status IN ('held', 'cancelled')
           OR (pupil_id IS NOT NULL AND contact_id IS NOT NULL AND mode IS NOT NULL)),
    CHECK (status <> 'held' OR hold_note IS NOT NULL)
);
CREATE INDEX bookings_pupil ON bookings (pupil_id);
CREATE INDEX bookings_slot ON bookings (slot_id);
