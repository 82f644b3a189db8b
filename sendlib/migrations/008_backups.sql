-- The copies of the database the app has made and checked, so School settings can show which
-- files in the backup folder were verified, and what each held when it was made.
CREATE TABLE backups (
    file_name VARCHAR PRIMARY KEY,
    taken_at TIMESTAMPTZ NOT NULL,
    taken_by VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    schema_version INTEGER NOT NULL,
    -- {"pupils": 445, ...}: every table's rows, checked against the live database
    table_rows VARCHAR NOT NULL,
    verified_at TIMESTAMPTZ NOT NULL
);
