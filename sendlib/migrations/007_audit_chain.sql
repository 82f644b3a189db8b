-- The audit log becomes tamper-evident and keeps what a change was from and to.
-- Each row has its place in the chain (seq: 1, 2, 3, ... with no gaps and no repeats) and a
-- SHA-256 of the previous row's hash and its own content, so editing or deleting a row breaks
-- the chain (sendlib.audit.verify_chain). A UNIQUE seq means two writers cannot both take the
-- next place: the second hits a constraint conflict and its transaction is tried again.
-- `before` and `after` hold the values a change replaced and the values it wrote, as JSON.
--
-- The table is rebuilt rather than altered (DuckDB will not add a unique index to a table with
-- rows updated in the same transaction), and the rows written before this migration are
-- chained here, in the order they were written. The content hashed is spelt out exactly as in
-- sendlib/audit.py (_content), which a test checks.

CREATE TABLE audit_log_chained (
    audit_id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    seq BIGINT NOT NULL UNIQUE,
    logged_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    username VARCHAR,
    action VARCHAR NOT NULL,
    pupil_id INTEGER,
    detail VARCHAR,
    before JSON,
    after JSON,
    row_hash VARCHAR NOT NULL
);

INSERT INTO audit_log_chained
    (audit_id, seq, logged_at, username, action, pupil_id, detail, before, after, row_hash)
WITH RECURSIVE o AS MATERIALIZED (
    SELECT audit_id, row_number() OVER (ORDER BY audit_id) AS seq, logged_at, username, action,
        pupil_id, detail, NULL::JSON AS before, NULL::JSON AS after
    FROM audit_log
),
chain(seq, row_hash) AS (
    SELECT 0::BIGINT, ''
    UNION ALL
    SELECT o.seq, sha256(chain.row_hash || '|' || concat_ws('|', o.seq::VARCHAR, epoch_us(o.logged_at)::VARCHAR, coalesce(length(o.username)::VARCHAR || ':' || o.username, '-'), length(o.action)::VARCHAR || ':' || o.action, coalesce(o.pupil_id::VARCHAR, '-'), coalesce(length(o.detail)::VARCHAR || ':' || o.detail, '-'), coalesce(length(o.before::VARCHAR)::VARCHAR || ':' || o.before::VARCHAR, '-'), coalesce(length(o.after::VARCHAR)::VARCHAR || ':' || o.after::VARCHAR, '-')))
    FROM chain JOIN o ON o.seq = chain.seq + 1
)
SELECT o.audit_id, o.seq, o.logged_at, o.username, o.action, o.pupil_id, o.detail, o.before,
    o.after, chain.row_hash
FROM o JOIN chain USING (seq);

DROP TABLE audit_log;
ALTER TABLE audit_log_chained RENAME TO audit_log;
