-- Least privilege (issue 17; docs/adr/0012-retention.md, docs/adr/0016-monthly-partitions.md).
--
-- 1. The aggregator no longer runs the migrations (scripts/migrate.sh does, as heroes_owner, before it starts)
--    and holds no owner credential. It starts only on a database whose schema is exactly the one its schemas jar
--    carries, and reads Flyway's history to know, as heroes_writer: read only, nothing else of Flyway's.
GRANT SELECT ON flyway_schema_history TO heroes_writer;

-- 2. The retention job's partition drop (V7), which runs with the owner's rights (SECURITY DEFINER) because
--    heroes_writer may not drop tables, no longer trusts its argument. It reads the horizon the retention job
--    committed in retention_horizon itself, refuses a later one, and never drops the month of now() or a coming
--    one whatever the table says. A caller with the writer's credentials can thus drop no more than the partitions
--    wholly before a horizon stored in the past, rows its own DELETE grant reaches anyway; before, any horizon it
--    passed (now + 10 years) dropped every month, the current and coming ones included.
--    Same signature, so the grant to heroes_writer and the aggregator's call stay as they are.
CREATE OR REPLACE FUNCTION analytics_events_drop_partitions_before(horizon timestamptz)
    RETURNS TABLE (partition_name text, row_count bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public SET "TimeZone" = 'UTC' SET lock_timeout = '2s'
    AS $$
DECLARE
    stored timestamptz;
    effective timestamptz;
    p record;
BEGIN
    IF horizon IS NULL THEN
        RAISE EXCEPTION 'horizon must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT h.horizon INTO stored FROM public.retention_horizon h;
    IF stored IS NULL THEN
        RAISE EXCEPTION 'no retention horizon is stored: the retention job commits one before anything expires'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF horizon > stored THEN
        RAISE EXCEPTION 'horizon % is later than the stored retention horizon %: only what the retention job expired may be dropped',
            horizon, stored USING ERRCODE = 'invalid_parameter_value';
    END IF;
    effective := least(horizon, now());
    FOR p IN
        SELECT c.relname,
               substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz AS upper_bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'public.analytics_events'::regclass AND NOT c.relpartbound IS NULL
          AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
        ORDER BY 2
    LOOP
        CONTINUE WHEN p.upper_bound > effective;
        partition_name := p.relname;
        EXECUTE format('SELECT count(*) FROM public.%I', p.relname) INTO row_count;
        EXECUTE format('DROP TABLE public.%I', p.relname);
        RETURN NEXT;
    END LOOP;
END
$$;
