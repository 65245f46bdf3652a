-- act_for_facilitator() makes Citus forward its settings to the workers itself (issue 20).
--
-- V14's act_for_facilitator() says whom a read acts for with SET LOCAL app.facilitator_id and app.classroom_ids. On
-- Citus the reader's policies run on the workers, and Citus forwards a SET LOCAL to them only while
-- citus.propagate_set_commands is 'local' in the session that runs it. That came from a role setting made by the
-- distribution step (ALTER ROLE heroes_reader SET ...), which reaches only backends started after it: a pooled server
-- connection PgBouncer opened before the step kept 'none', the workers saw no facilitator, and every read of a
-- distributed table answered nothing (failed closed; the Citus demo's term never landed). So the function sets it for
-- its own transaction, before its SET LOCALs: Citus decides per SET statement, from the setting's value at that moment,
-- also for a SET run inside a function (its utility hook sees every utility statement, those of PL/pgSQL included;
-- query-service calls the function inside its read's BEGIN ... COMMIT). SET LOCAL ends with the transaction, so
-- nothing is left on the pooled connection, and Citus never forwards citus.propagate_set_commands itself.
--
-- On one PostgreSQL node without the citus library the setting is a placeholder that nothing reads: the same function,
-- the same reads.

CREATE OR REPLACE FUNCTION act_for_facilitator(facilitator uuid) RETURNS uuid
    LANGUAGE plpgsql VOLATILE
    AS $$
BEGIN
    IF facilitator IS NULL THEN
        RAISE EXCEPTION 'act_for_facilitator: no facilitator';
    END IF;
    SET LOCAL citus.propagate_set_commands = 'local';
    EXECUTE format('SET LOCAL app.facilitator_id = %L', facilitator::text);
    EXECUTE format('SET LOCAL app.classroom_ids = %L',
                   (SELECT coalesce(array_agg(c.id ORDER BY c.id), '{}')::text
                    FROM classrooms c
                    WHERE c.facilitator_id = facilitator));
    RETURN facilitator;
END
$$;
