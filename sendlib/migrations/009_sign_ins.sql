-- Sign-ins kept on the server, so that every tab and browser holding the same sign-in cookie
-- is signed out together, after an idle spell, at the end of the school day, or when the
-- account is deactivated or its role changed.
CREATE TABLE sign_ins (
    sign_in_id VARCHAR PRIMARY KEY,  -- random; carried in the signed cookie
    username VARCHAR NOT NULL,
    role VARCHAR NOT NULL,           -- the role when signed in: a change ends the sign-in
    source VARCHAR NOT NULL,         -- the address the sign-in came from
    started_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ,
    ended_why VARCHAR,
    -- failed tries on this username since its previous sign-in, told to its owner once
    failed_tries_before INTEGER NOT NULL DEFAULT 0,
    failed_tries_told BOOLEAN NOT NULL DEFAULT false
);
-- Where each failed try came from: the source is slowed and paused before the username is.
ALTER TABLE failed_logins ADD COLUMN source VARCHAR;
