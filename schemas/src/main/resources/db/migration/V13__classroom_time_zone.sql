-- Each classroom's own days (issue 18; docs/adr/0025-classroom-time-zones.md).
--
-- The roster's classroom record carries an optional IANA time zone (Avro ClassroomRecord v2, default "UTC");
-- query-service cuts a classroom's day buckets at its local midnights. Classrooms rostered before keep UTC days.
--
-- The CHECK refuses a zone PostgreSQL's own tz database does not know: the query cuts days with it
-- (AT TIME ZONE), so a zone it cannot use would fail every time series of the classroom. Ingest already refuses
-- anything but a region id of the JDK's tz database (schemas' RecordRules); this is the database's word on the
-- same value, for a zone the two databases disagree on (an id newer than the server's tzdata). AT TIME ZONE
-- raises SQLState 22023 for an unknown zone, a data exception: the aggregator dead-letters that one record with
-- the reason, and writes the rest of its batch. timezone(text, timestamptz) is immutable, fit for a CHECK.
--
-- A constant default: ADD COLUMN writes no row (PostgreSQL 11+); the CHECK reads the small roster table once.
ALTER TABLE classrooms
    ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'
        CONSTRAINT classrooms_time_zone_known
            CHECK ((timestamptz '2000-01-01 00:00:00+00' AT TIME ZONE time_zone) IS NOT NULL);

COMMENT ON COLUMN classrooms.time_zone IS
    'IANA time zone of the classroom (roster timeZone, default UTC): day buckets start at its local midnight';
