-- Row-level security that holds on one PostgreSQL node and on a Citus cluster alike (ADR 0028).
--
-- Until now the reader's policy on a classroom's rows was a subquery on classrooms
-- (classroom_id IN (SELECT c.id FROM classrooms c WHERE c.facilitator_id = app_facilitator_id())). Citus evaluates
-- a policy where the shard query runs, on a worker, and there it refuses both that subquery ("unexpected non-SELECT
-- command in SubLink") and a function reading classrooms ("cannot execute a distributed query from a query on a
-- shard"). So a policy may look only at the row and at the transaction's settings:
--
--   app.facilitator_id   the facilitator the transaction acts for (as before)
--   app.classroom_ids    that facilitator's classrooms, an array literal, read from classrooms in the same
--                        transaction by act_for_facilitator() below: a classroom moved to another facilitator is
--                        seen by the very next read, nothing is copied into the event tables
--
-- Both are set with SET LOCAL inside act_for_facilitator(), called inside an explicit transaction block: the form
-- Citus forwards to every worker the transaction touches (citus.propagate_set_commands = 'local', set for
-- heroes_reader by the distribution step). On one node the same call does the same, without workers.

-- The classrooms of the facilitator this transaction acts for. Missing or empty means NULL, and NULL matches no row.
CREATE FUNCTION app_classroom_ids() RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.classroom_ids', true), '')::uuid[] $$;

-- The one way a reader says whom it acts for, for the rest of the transaction: the facilitator, then their classrooms,
-- read under the classrooms policy (facilitator_id = app_facilitator_id(), a column of the row, which Citus evaluates
-- anywhere). SET LOCAL through EXECUTE: the statement Citus propagates, the value quoted by format(%L).
CREATE FUNCTION act_for_facilitator(facilitator uuid) RETURNS uuid
    LANGUAGE plpgsql VOLATILE
    AS $$
BEGIN
    IF facilitator IS NULL THEN
        RAISE EXCEPTION 'act_for_facilitator: no facilitator';
    END IF;
    EXECUTE format('SET LOCAL app.facilitator_id = %L', facilitator::text);
    EXECUTE format('SET LOCAL app.classroom_ids = %L',
                   (SELECT coalesce(array_agg(c.id ORDER BY c.id), '{}')::text
                    FROM classrooms c
                    WHERE c.facilitator_id = facilitator));
    RETURN facilitator;
END
$$;

-- The policy's test, a function the planner cannot inline: inlined, "classroom_id = ANY (...)" became an index
-- condition whose estimate (ten array elements) multiplied with the read's own "classroom_id = :id" and made the
-- planner drop the (classroom_id, "timestamp") index for the classroom-only one (EventGroupsPlanIT). A function call
-- is a filter with a fixed estimate, as the subquery was.
CREATE FUNCTION app_sees_classroom(classroom uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$ BEGIN RETURN classroom = ANY (app_classroom_ids()); END $$;

REVOKE ALL ON FUNCTION app_sees_classroom(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_sees_classroom(uuid) TO heroes_reader, heroes_writer, heroes_owner;
REVOKE ALL ON FUNCTION app_classroom_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_classroom_ids() TO heroes_reader, heroes_writer, heroes_owner;
REVOKE ALL ON FUNCTION act_for_facilitator(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION act_for_facilitator(uuid) TO heroes_reader;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['students', 'student_progress', 'analytics_events', 'student_feedback',
                             'analytics_hourly_rollup', 'progress_rollup', 'feedback_hourly_rollup',
                             'classroom_rollup', 'classroom_watermarks']
    LOOP
        EXECUTE format('DROP POLICY reader_own_classroom_rows ON %I', t);
        EXECUTE format('CREATE POLICY reader_own_classroom_rows ON %I FOR SELECT TO heroes_reader '
                       'USING (app_sees_classroom(classroom_id))', t);
    END LOOP;
END
$$;
