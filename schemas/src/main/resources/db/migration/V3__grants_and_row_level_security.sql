-- Grants of DESIGN §5 and row-level security that holds (the plan's filtered nothing: see
-- DESIGN §7 and docs/adr/0004). The login roles exist before any migration runs: they are made
-- by db/bootstrap/create-roles-and-database.sql, run once by the operator as a superuser.
--
-- Every table is FORCE ROW LEVEL SECURITY, so even its owner is filtered, and each role gets
-- exactly the policies it needs:
--   heroes_reader  SELECT only, rows of the facilitator named in app.facilitator_id
--   heroes_writer  the aggregator's inserts and updates, every row
--   heroes_owner   every row (migrations that touch data)
--   heroes_backup  has BYPASSRLS for pg_dump and needs no policy

-- The one definition of "the facilitator this transaction acts for". A missing setting and an
-- empty one (what a pooled connection shows after an earlier transaction's set_config(..., true))
-- both mean NULL, and NULL matches no row.
CREATE FUNCTION app_facilitator_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.facilitator_id', true), '')::uuid $$;

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO heroes_writer, heroes_reader, heroes_backup;
REVOKE ALL ON FUNCTION app_facilitator_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_facilitator_id() TO heroes_reader, heroes_writer, heroes_owner;

GRANT SELECT, INSERT, UPDATE, DELETE
    ON facilitators, classrooms, students, student_progress, analytics_events, student_feedback
    TO heroes_writer;
GRANT SELECT
    ON facilitators, classrooms, students, student_progress, analytics_events, student_feedback
    TO heroes_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO heroes_backup;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['facilitators', 'classrooms', 'students', 'student_progress',
                             'analytics_events', 'student_feedback']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY writer_all_rows ON %I FOR ALL TO heroes_writer USING (true) WITH CHECK (true)', t);
        EXECUTE format('CREATE POLICY owner_all_rows ON %I FOR ALL TO heroes_owner USING (true) WITH CHECK (true)', t);
    END LOOP;
END
$$;

-- A facilitator sees their own profile ...
CREATE POLICY reader_own_profile ON facilitators FOR SELECT TO heroes_reader
    USING (id = app_facilitator_id());

-- ... their own classrooms ...
CREATE POLICY reader_own_classrooms ON classrooms FOR SELECT TO heroes_reader
    USING (facilitator_id = app_facilitator_id());

-- ... and the rows of those classrooms, whatever the table.
CREATE POLICY reader_own_classroom_rows ON students FOR SELECT TO heroes_reader
    USING (classroom_id IN (SELECT c.id FROM classrooms c WHERE c.facilitator_id = app_facilitator_id()));
CREATE POLICY reader_own_classroom_rows ON student_progress FOR SELECT TO heroes_reader
    USING (classroom_id IN (SELECT c.id FROM classrooms c WHERE c.facilitator_id = app_facilitator_id()));
CREATE POLICY reader_own_classroom_rows ON analytics_events FOR SELECT TO heroes_reader
    USING (classroom_id IN (SELECT c.id FROM classrooms c WHERE c.facilitator_id = app_facilitator_id()));
CREATE POLICY reader_own_classroom_rows ON student_feedback FOR SELECT TO heroes_reader
    USING (classroom_id IN (SELECT c.id FROM classrooms c WHERE c.facilitator_id = app_facilitator_id()));
