-- The reader's policy test on a classroom's rows, app_sees_classroom(classroom_id) (migration V14), runs once per row
-- a read scans: every rollup hour, every raw edge row and every row of the small-cell count. Its body parsed
-- app.classroom_ids, an array literal of up to a facilitator's classrooms, into uuid[] on every call: about 10 µs
-- a row here, most of a read's execution time (a classroom's week of hourly rollup and raw rows is a few hundred
-- rows; issue 22, docs/benchmarks.md). Now it looks the row's classroom up in the setting's text instead.
--
-- The answer is the same for every value act_for_facilitator() writes (the only writer of the setting): the text of
-- an array of uuids, '{id,id,...}', each element uuid_out's canonical form (36 characters, lower-case hex and
-- hyphens, never quoted). The needle is that same canonical form, 36 characters with no comma or brace, so it can
-- only be found as a whole element: strpos() finds it exactly when the classroom is one of the array's. A missing
-- setting is NULL (no row), an empty one or '{}' holds no id (no row): it still fails closed.
--
-- Still a plpgsql function, never inlined (V14: inlined, the test became an index condition with a misleading
-- estimate); still reads nothing but the setting, so Citus evaluates it on the workers as before (ADR 0028).
CREATE OR REPLACE FUNCTION app_sees_classroom(classroom uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$ BEGIN RETURN strpos(current_setting('app.classroom_ids', true), classroom::text) > 0; END $$;
