-- The pupil's one-page profile ("about me"): what people like and admire about them, what is
-- important to them and how best to support them, in the pupil's own words where they were
-- written with the pupil; who helped them write it, and when it was last brought up to date.
CREATE TABLE one_page_profiles (
    pupil_id INTEGER PRIMARY KEY,
    admired VARCHAR,
    important VARCHAR,
    support VARCHAR,
    own_words BOOLEAN NOT NULL DEFAULT FALSE,
    written_with VARCHAR,
    updated_on DATE NOT NULL,
    updated_by VARCHAR NOT NULL
);
