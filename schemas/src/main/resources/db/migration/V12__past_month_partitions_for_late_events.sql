-- Late events (issue 18; docs/adr/0024-late-events-unknown-fields-and-clock-skew.md). The ingest API now takes any
-- event newer than the retention horizon (HEROES_RETENTION_AGE, 400 days by default), not only the last 7 days, so
-- every month from the horizon's to the current one must have its partition: a late event then lands in its own
-- month, never in analytics_events_default (whose rows the partition job reports as events no month covered).
-- V7 created the 14 months before the migration; with a longer retention age, or a database restored without
-- them, older months of the retention window had none.
--
-- The partition job (as heroes_writer) now calls this overload: the months from months_back before the current
-- one to months_ahead after it, one row per month, as V7's analytics_events_ensure_partitions(months_ahead) does.
-- Months wholly before the stored retention horizon are skipped (the retention job would drop them at its next
-- run, and nothing that old is written); at most 10 years back, so a caller holding the writer's credentials can
-- create no more than 120 empty tables. V7's one-argument function stays, for whoever calls it.
CREATE FUNCTION analytics_events_ensure_partitions(months_back integer, months_ahead integer)
    RETURNS TABLE (partition_name text, status text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public SET "TimeZone" = 'UTC' SET lock_timeout = '2s'
    AS $$
DECLARE
    stored timestamptz;
    m timestamptz;
BEGIN
    IF months_back IS NULL OR months_back < 0 OR months_back > 120 THEN
        RAISE EXCEPTION 'months_back must be between 0 and 120, not %', months_back
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 24, not %', months_ahead
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT h.horizon INTO stored FROM public.retention_horizon h;
    FOR m IN SELECT generate_series(date_trunc('month', now()) - make_interval(months => months_back),
                                    date_trunc('month', now()) + make_interval(months => months_ahead),
                                    interval '1 month')
    LOOP
        CONTINUE WHEN stored IS NOT NULL AND m + interval '1 month' <= stored;
        partition_name := 'analytics_events_p' || to_char(m, 'YYYYMM');
        status := public.analytics_events_create_month_partition(m);
        RETURN NEXT;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION analytics_events_ensure_partitions(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics_events_ensure_partitions(integer, integer) TO heroes_writer;
