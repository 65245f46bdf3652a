-- Students forgotten on request (right to be forgotten, docs/adr/0011): only the anonymous id and when.
-- The aggregator consults this list in every batch's transaction and drops the records of a student on
-- it, so a replay, a backfill or a dead-letter redrive never brings the student back. Kept in backups
-- (heroes_backup reads it); the restore runbook re-applies the ledger kept beside the backups for ids
-- forgotten after a backup was taken.
CREATE TABLE forgotten_students (
    student_id    uuid        PRIMARY KEY,
    forgotten_at  timestamptz NOT NULL DEFAULT now()
);

-- heroes_writer: SELECT for the batch's look-up, INSERT for scripts/forget-student.sh, and UPDATE only
-- because the batch's look-up takes FOR KEY SHARE and the forget takes LOCK ... IN EXCLUSIVE MODE, which
-- PostgreSQL allows only to a role with UPDATE (the two locks order a batch and a forget: ADR 0011).
-- No DELETE: nothing un-forgets. heroes_reader gets nothing: query-service never needs the list.
GRANT SELECT, INSERT, UPDATE ON forgotten_students TO heroes_writer;
GRANT SELECT ON forgotten_students TO heroes_backup;

ALTER TABLE forgotten_students ENABLE ROW LEVEL SECURITY;
ALTER TABLE forgotten_students FORCE ROW LEVEL SECURITY;
CREATE POLICY writer_all_rows ON forgotten_students FOR ALL TO heroes_writer USING (true) WITH CHECK (true);
CREATE POLICY owner_all_rows ON forgotten_students FOR ALL TO heroes_owner USING (true) WITH CHECK (true);
