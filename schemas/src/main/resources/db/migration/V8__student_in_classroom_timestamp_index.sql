-- student_id joins the INCLUDE list of idx_analytics_events_classroom_timestamp (ADR 0017): query-service's
-- small-cell suppression counts the distinct students of a classroom's range (count(DISTINCT student_id)
-- ... WHERE classroom_id = ? AND "timestamp" in [from, to)), which with the old index was an index scan with a
-- heap fetch per row; with student_id in the index it is an index-only scan.
--
-- The name stays: DESIGN §5, plans and scripts/index-report.sh refer to idx_analytics_events_classroom_timestamp,
-- and the partitions' indexes keep the V7 naming (idx_analytics_events_classroom_timestamp_p202611).
--
-- Locks: PostgreSQL 15 has no CREATE INDEX CONCURRENTLY on a partitioned table, and Flyway runs this file in one
-- transaction. So the new index is made on the parent only (ON ONLY: invalid, no partition touched), then built
-- partition by partition and attached, which validates the parent once every partition has its index. Each build
-- takes a SHARE lock on its partition: reads go on, inserts into that partition wait until the migration commits
-- (measured: about 3 s per million rows on a busy 2-core machine). Reads are blocked only by the final swap
-- (DROP of the old index, RENAME), the last statements before the commit. Until the swap both indexes exist and
-- the old one serves.

CREATE INDEX idx_analytics_events_classroom_timestamp_v8
    ON ONLY analytics_events (classroom_id, "timestamp")
    INCLUDE (event_type, event_category, event_value, student_id);

DO $$
DECLARE
    p record;
    child_index text;
BEGIN
    FOR p IN
        SELECT c.relname AS partition_name
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'public.analytics_events'::regclass
        ORDER BY c.relname
    LOOP
        child_index := left('idx_analytics_events_cts_v8_' || p.partition_name, 63);
        EXECUTE format('CREATE INDEX %I ON public.%I (classroom_id, "timestamp") '
                       'INCLUDE (event_type, event_category, event_value, student_id)',
                       child_index, p.partition_name);
        EXECUTE format('ALTER INDEX public.idx_analytics_events_classroom_timestamp_v8 ATTACH PARTITION public.%I',
                       child_index);
    END LOOP;
END
$$;

-- The swap: the old index (and with it each partition's) goes, the new one takes its name.
DROP INDEX idx_analytics_events_classroom_timestamp;
ALTER INDEX idx_analytics_events_classroom_timestamp_v8 RENAME TO idx_analytics_events_classroom_timestamp;

-- The partitions' new indexes get V7's names: idx_analytics_events_classroom_timestamp_<p202611|default>.
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN
        SELECT child.relname AS child_name, part.relname AS partition_name
        FROM pg_inherits i
        JOIN pg_class child ON child.oid = i.inhrelid
        JOIN pg_index x ON x.indexrelid = child.oid
        JOIN pg_class part ON part.oid = x.indrelid
        WHERE i.inhparent = 'public.idx_analytics_events_classroom_timestamp'::regclass
    LOOP
        EXECUTE format('ALTER INDEX public.%I RENAME TO %I', p.child_name,
                       'idx_analytics_events_classroom_timestamp_'
                           || CASE WHEN p.partition_name = 'analytics_events_default' THEN 'default'
                                   ELSE substring(p.partition_name FROM '_(p[0-9]{6})$') END);
    END LOOP;
END
$$;
