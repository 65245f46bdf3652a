-- analytics_events partitioned by month of "timestamp" (UTC), issue #10, docs/adr/0016-monthly-partitions.md.
-- One transaction (Flyway's): the V1 table is renamed, a partitioned parent with the same columns, defaults,
-- primary key, V2 index names, V3 grants, forced row-level security and policies takes its name, every row
-- is copied, the old table is dropped. Fine for the sizes expected here; a table of hundreds of millions of
-- rows would need an online method (the ADR says which).
--
-- Partitions: analytics_events_pYYYYMM, [first instant of the month, first instant of the next) in UTC, and
-- analytics_events_default for anything no month partition covers (caught, and reported by the aggregator's
-- partition job). Partitions get no grants but heroes_backup's SELECT (pg_dump reads each one): every other
-- role reaches the rows only through the parent, whose row-level security applies. query-service's start-up
-- check therefore still finds no table heroes_reader can read without forced row-level security.

ALTER TABLE analytics_events RENAME TO analytics_events_v6;
ALTER TABLE analytics_events_v6 RENAME CONSTRAINT analytics_events_pkey TO analytics_events_v6_pkey;
ALTER INDEX idx_analytics_events_timestamp RENAME TO idx_analytics_events_v6_timestamp;
ALTER INDEX idx_analytics_events_type_category RENAME TO idx_analytics_events_v6_type_category;
ALTER INDEX idx_analytics_events_classroom RENAME TO idx_analytics_events_v6_classroom;
ALTER INDEX idx_analytics_events_classroom_timestamp RENAME TO idx_analytics_events_v6_classroom_timestamp;

CREATE TABLE analytics_events (
    event_id        uuid             NOT NULL,
    classroom_id    uuid             NOT NULL,
    student_id      uuid,
    event_type      text             NOT NULL,
    event_category  text             NOT NULL,
    event_value     double precision,
    properties      jsonb,
    "timestamp"     timestamptz      NOT NULL,
    received_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, "timestamp")
) PARTITION BY RANGE ("timestamp");

CREATE INDEX idx_analytics_events_timestamp ON analytics_events ("timestamp");
CREATE INDEX idx_analytics_events_type_category ON analytics_events (event_type, event_category);
CREATE INDEX idx_analytics_events_classroom ON analytics_events (classroom_id);
CREATE INDEX idx_analytics_events_classroom_timestamp
    ON analytics_events (classroom_id, "timestamp")
    INCLUDE (event_type, event_category, event_value);

-- Gives the indexes a partition got from the parent's named indexes the parent's name and the partition's
-- suffix (idx_analytics_events_classroom_timestamp_p202611): plans and scripts/index-report.sh stay readable.
CREATE FUNCTION analytics_events_name_partition_indexes(partition_name text, suffix text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, public
    AS $$
DECLARE
    ix record;
BEGIN
    FOR ix IN
        SELECT child.relname AS child_name, parent.relname AS parent_name
        FROM pg_index x
        JOIN pg_class child ON child.oid = x.indexrelid
        JOIN pg_inherits i ON i.inhrelid = x.indexrelid
        JOIN pg_class parent ON parent.oid = i.inhparent
        WHERE x.indrelid = ('public.' || quote_ident(partition_name))::regclass
          AND parent.relname LIKE 'idx\_analytics\_events\_%'
    LOOP
        EXECUTE format('ALTER INDEX public.%I RENAME TO %I', ix.child_name, ix.parent_name || '_' || suffix);
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION analytics_events_name_partition_indexes(text, text) FROM PUBLIC;

CREATE TABLE analytics_events_default PARTITION OF analytics_events DEFAULT;
GRANT SELECT ON analytics_events_default TO heroes_backup;
SELECT analytics_events_name_partition_indexes('analytics_events_default', 'default');

-- Creates the partition of the month that begins at month_start (UTC) unless it exists. Answers 'created',
-- 'exists', or 'default_holds_rows' when the default partition holds rows of that month: PostgreSQL would
-- refuse the partition, and moving them is an operator's decision (docs/operations.md, "Partitions").
-- Runs as its caller (the migration, or the SECURITY DEFINER functions below); nobody else may call it.
CREATE FUNCTION analytics_events_create_month_partition(month_start timestamptz) RETURNS text
    LANGUAGE plpgsql SET search_path = pg_catalog, public SET "TimeZone" = 'UTC'
    AS $$
DECLARE
    lower_bound timestamptz := date_trunc('month', month_start);
    upper_bound timestamptz := date_trunc('month', month_start) + interval '1 month';
    partition_name text := 'analytics_events_p' || to_char(date_trunc('month', month_start), 'YYYYMM');
BEGIN
    IF to_regclass('public.' || partition_name) IS NOT NULL THEN
        RETURN 'exists';
    END IF;
    IF EXISTS (SELECT 1 FROM public.analytics_events_default
               WHERE "timestamp" >= lower_bound AND "timestamp" < upper_bound) THEN
        RETURN 'default_holds_rows';
    END IF;
    BEGIN
        EXECUTE format('CREATE TABLE public.%I PARTITION OF public.analytics_events FOR VALUES FROM (%L) TO (%L)',
                       partition_name, lower_bound, upper_bound);
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
        -- another aggregator instance created it in the meantime (both start up at once)
        RETURN 'exists';
    END;
    PERFORM public.analytics_events_name_partition_indexes(partition_name, 'p' || to_char(lower_bound, 'YYYYMM'));
    -- heroes_owner already, unless a superuser called this by hand: the retention job must be able to drop it
    EXECUTE format('ALTER TABLE public.%I OWNER TO heroes_owner', partition_name);
    EXECUTE format('GRANT SELECT ON public.%I TO heroes_backup', partition_name);
    RETURN 'created';
END
$$;
REVOKE ALL ON FUNCTION analytics_events_create_month_partition(timestamptz) FROM PUBLIC;

-- Every month present in the old data, and the 14 months before the current one to 3 after it, so that
-- today's events, late ones within the retention age and the next months all have their partition.
DO $$
DECLARE
    m timestamptz;
BEGIN
    SET LOCAL "TimeZone" = 'UTC';
    FOR m IN
        SELECT DISTINCT date_trunc('month', "timestamp") FROM analytics_events_v6
        UNION
        SELECT generate_series(date_trunc('month', now()) - interval '14 months',
                               date_trunc('month', now()) + interval '3 months', interval '1 month')
        ORDER BY 1
    LOOP
        PERFORM analytics_events_create_month_partition(m);
    END LOOP;
END
$$;

INSERT INTO analytics_events
    (event_id, classroom_id, student_id, event_type, event_category, event_value, properties, "timestamp", received_at)
SELECT event_id, classroom_id, student_id, event_type, event_category, event_value, properties, "timestamp", received_at
FROM analytics_events_v6;

DROP TABLE analytics_events_v6;

GRANT SELECT, INSERT, UPDATE, DELETE ON analytics_events TO heroes_writer;
GRANT SELECT ON analytics_events TO heroes_reader, heroes_backup;

ALTER TABLE analytics_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_events FORCE ROW LEVEL SECURITY;
CREATE POLICY writer_all_rows ON analytics_events FOR ALL TO heroes_writer USING (true) WITH CHECK (true);
CREATE POLICY owner_all_rows ON analytics_events FOR ALL TO heroes_owner USING (true) WITH CHECK (true);
CREATE POLICY reader_own_classroom_rows ON analytics_events FOR SELECT TO heroes_reader
    USING (classroom_id IN (SELECT c.id FROM classrooms c WHERE c.facilitator_id = app_facilitator_id()));

-- The aggregator's partition job (as heroes_writer, which may not create or drop tables): the partitions of
-- the current month and the next months_ahead, one row per month with what happened. A short lock_timeout:
-- creating a partition locks the parent, so on a busy table this fails fast and the next run tries again
-- rather than queueing every insert behind it.
CREATE FUNCTION analytics_events_ensure_partitions(months_ahead integer)
    RETURNS TABLE (partition_name text, status text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public SET "TimeZone" = 'UTC' SET lock_timeout = '2s'
    AS $$
DECLARE
    m timestamptz;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 24, not %', months_ahead
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR m IN SELECT generate_series(date_trunc('month', now()),
                                    date_trunc('month', now()) + make_interval(months => months_ahead),
                                    interval '1 month')
    LOOP
        partition_name := 'analytics_events_p' || to_char(m, 'YYYYMM');
        status := public.analytics_events_create_month_partition(m);
        RETURN NEXT;
    END LOOP;
END
$$;

-- Rows in the default partition: events no month partition covered (far past or future timestamps).
CREATE FUNCTION analytics_events_default_rows() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT count(*) FROM public.analytics_events_default $$;

-- Retention (ADR 0012, 0016): drops every month partition whose upper bound is at or before the horizon —
-- each of its rows is older than the horizon, which the retention job committed first. Answers the
-- partitions dropped and the rows each held. The default partition is never dropped (the batched delete
-- trims it). Same short lock_timeout as above: dropping a partition locks the parent.
CREATE FUNCTION analytics_events_drop_partitions_before(horizon timestamptz)
    RETURNS TABLE (partition_name text, row_count bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public SET "TimeZone" = 'UTC' SET lock_timeout = '2s'
    AS $$
DECLARE
    p record;
BEGIN
    IF horizon IS NULL THEN
        RAISE EXCEPTION 'horizon must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR p IN
        SELECT c.relname,
               substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz AS upper_bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'public.analytics_events'::regclass AND NOT c.relpartbound IS NULL
          AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
        ORDER BY 2
    LOOP
        CONTINUE WHEN p.upper_bound > horizon;
        partition_name := p.relname;
        EXECUTE format('SELECT count(*) FROM public.%I', p.relname) INTO row_count;
        EXECUTE format('DROP TABLE public.%I', p.relname);
        RETURN NEXT;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION analytics_events_ensure_partitions(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION analytics_events_default_rows() FROM PUBLIC;
REVOKE ALL ON FUNCTION analytics_events_drop_partitions_before(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics_events_ensure_partitions(integer) TO heroes_writer;
GRANT EXECUTE ON FUNCTION analytics_events_default_rows() TO heroes_writer;
GRANT EXECUTE ON FUNCTION analytics_events_drop_partitions_before(timestamptz) TO heroes_writer;
