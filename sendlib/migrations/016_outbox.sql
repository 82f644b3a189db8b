-- Email sent by the school's own mail server: each message is written here in the same
-- transaction as the change that caused it, then sent. A message is sent at most once: it is
-- marked 'sending' (and committed) before the server is given it, so a message found still
-- 'sending' after a stop may have gone, and is never sent again by itself ('unknown').
CREATE SEQUENCE outbox_seq START 1;
CREATE TABLE outbox (
    email_id INTEGER PRIMARY KEY DEFAULT nextval('outbox_seq'),
    pupil_id INTEGER,                         -- the pupil it is about (NULL: a test message)
    contact_id INTEGER,                       -- the parent or carer it is to
    kind VARCHAR NOT NULL CHECK (kind IN ('written record', 'invitation', 'moved',
        'cancelled', 'reminder', 'plan', 'transition pack', 'test')),
    about_id INTEGER,                         -- the meeting, booking, plan or pack it is about
    once_key VARCHAR UNIQUE,                  -- what may be queued only once (a reminder)
    to_name VARCHAR NOT NULL,
    to_address VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    attachment_name VARCHAR,
    attachment_type VARCHAR,
    attachment BLOB,
    status VARCHAR NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent',
        'failed', 'unknown', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TIMESTAMPTZ,
    last_error VARCHAR,                       -- the server's answer, in plain words
    header_id VARCHAR,                        -- the Message-ID header it was sent with
    queued_by VARCHAR NOT NULL,
    queued_at TIMESTAMPTZ NOT NULL,
    sending_since TIMESTAMPTZ,
    sent_at TIMESTAMPTZ,
    communication_id INTEGER,                 -- its entry on the pupil's timeline, once sent
    cancelled_by VARCHAR,
    cancelled_at TIMESTAMPTZ
);
CREATE INDEX outbox_pupil ON outbox (pupil_id);
