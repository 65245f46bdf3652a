-- Classrooms sealed by the roster (issue 17, docs/adr/0021-classrooms-sealed-by-the-roster.md).
--
-- 1. pending_student_events: events (analytics with a student, progress, feedback) whose student is on no
--    roster yet. The aggregator holds them here, uncounted, until a roster record places the student: then
--    those naming that classroom are applied as if they had just arrived and the others become dead letters.
--    Each row keeps the record as consumed (its value bytes, key and where it was read) so that it can be
--    decoded again or dead-lettered with its origin. heroes_reader gets nothing: query-service never sees an
--    event the roster has not vouched for. Retention (by occurred_at) and forget-student delete these rows too.
CREATE TABLE pending_student_events (
    classroom_id      uuid        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('analytics', 'progress', 'feedback')),
    event_id          uuid        NOT NULL,
    occurred_at       timestamptz NOT NULL,
    student_id        uuid        NOT NULL,
    -- the consumed record: Avro single-object encoding as read, its key, and where it was read from
    -- (partition and offset -1 for a record written without a consumer record, e.g. by a tool)
    payload           bytea       NOT NULL,
    record_key        text,
    source_topic      text        NOT NULL,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    source_timestamp  bigint      NOT NULL,
    held_at           timestamptz NOT NULL DEFAULT now(),
    -- the same event consumed twice (a redelivery, a replay) is held once; classroom_id leads so that the key
    -- holds as it is under Citus, where this table is distributed by classroom like the event tables
    PRIMARY KEY (classroom_id, kind, event_id, occurred_at)
);

-- a roster record releases its student's rows; forget-student deletes them
CREATE INDEX idx_pending_student_events_student ON pending_student_events (student_id);
-- the retention job deletes by event time (docs/adr/0012)
CREATE INDEX idx_pending_student_events_occurred_at ON pending_student_events (occurred_at);

GRANT SELECT, INSERT, DELETE ON pending_student_events TO heroes_writer;
GRANT SELECT ON pending_student_events TO heroes_backup;

ALTER TABLE pending_student_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE pending_student_events FORCE ROW LEVEL SECURITY;
CREATE POLICY writer_all_rows ON pending_student_events FOR ALL TO heroes_writer USING (true) WITH CHECK (true);
CREATE POLICY owner_all_rows ON pending_student_events FOR ALL TO heroes_owner USING (true) WITH CHECK (true);

-- 2. A student's progress lives in the classroom the roster places them in; only the roster moves it (the
--    aggregator moves it when a roster record changes the student's classroom, and no event changes a progress
--    row's classroom any more). Rows written before this migration followed the event that wrote them, so a
--    student moved earlier, or named by another classroom's client, may have rows elsewhere: they are moved to
--    the roster's classroom now, and progress_rollup is recounted for every classroom they left or joined.
--    Nothing is locked or changed when no row is out of place. Otherwise EXCLUSIVE on both tables, in the order
--    a batch writes them (ADR 0008), until this migration commits; readers are not blocked.
DO $$
DECLARE
    touched uuid[];
BEGIN
    SELECT array_agg(DISTINCT c.id) INTO touched
    FROM student_progress p
    JOIN students s ON s.id = p.student_id
    CROSS JOIN LATERAL (VALUES (p.classroom_id), (s.classroom_id)) AS c(id)
    WHERE p.classroom_id <> s.classroom_id;
    IF touched IS NULL THEN
        RETURN;
    END IF;
    LOCK TABLE student_progress, progress_rollup IN EXCLUSIVE MODE;
    UPDATE student_progress p
    SET classroom_id = s.classroom_id
    FROM students s
    WHERE s.id = p.student_id AND p.classroom_id <> s.classroom_id;
    DELETE FROM progress_rollup WHERE classroom_id = ANY (touched);
    INSERT INTO progress_rollup (classroom_id, lesson_id, completion_status, student_count)
    SELECT classroom_id, lesson_id, completion_status, count(*)
    FROM student_progress
    WHERE classroom_id = ANY (touched)
    GROUP BY 1, 2, 3;
END
$$;
