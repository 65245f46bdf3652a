-- Citus distribution, step 2 of 2, run on the coordinator as the superuser after the Flyway
-- migrations (docs/scaling.md explains the design). Migration V16 gave the event tables the primary keys Citus needs
-- (every unique index of a distributed table contains classroom_id), on a single node as well (ADR 0028).
--
-- Events and rollups: hash-distributed by classroom_id, all colocated, so every per-classroom read
-- and every aggregator write of one classroom touches one shard group on one worker.
-- Roster and consumer offsets: reference tables (a copy on every node), so the row-level-security
-- subquery on classrooms and the roster joins stay local to whichever worker holds the shard.
-- flyway_schema_history stays a plain table on the coordinator (only Flyway reads it).

-- 32 shards: 8 per worker at 4 workers, room to rebalance up to 32 workers without a split.
SET citus.shard_count = 32;

SELECT create_reference_table('facilitators');
SELECT create_reference_table('classrooms');
SELECT create_reference_table('students');
-- written in every aggregator batch transaction next to distributed writes: a reference table keeps
-- it in the same (two-phase) commit as the batch's rows, which the compare-and-set needs (ADR 0005)
SELECT create_reference_table('consumer_offsets');
-- the forgotten students (ADR 0011): read in every batch transaction and locked against a forget, so, like the
-- offsets, a copy on every node in the batch's commit
SELECT create_reference_table('forgotten_students');
-- one row (ADR 0012): the retention horizon, read by the writers and by every query-service answer
SELECT create_reference_table('retention_horizon');

SELECT create_distributed_table('analytics_events', 'classroom_id');
SELECT create_distributed_table('student_progress', 'classroom_id', colocate_with => 'analytics_events');
SELECT create_distributed_table('student_feedback', 'classroom_id', colocate_with => 'analytics_events');
SELECT create_distributed_table('analytics_hourly_rollup', 'classroom_id', colocate_with => 'analytics_events');
SELECT create_distributed_table('feedback_hourly_rollup', 'classroom_id', colocate_with => 'analytics_events');
SELECT create_distributed_table('progress_rollup', 'classroom_id', colocate_with => 'analytics_events');
SELECT create_distributed_table('classroom_rollup', 'classroom_id', colocate_with => 'analytics_events');
SELECT create_distributed_table('classroom_watermarks', 'classroom_id', colocate_with => 'analytics_events');
-- events held until the roster names their student (ADR 0021): written with the event tables of their classroom;
-- released and forgotten by student (multi-shard, joined to the students reference table)
SELECT create_distributed_table('pending_student_events', 'classroom_id', colocate_with => 'analytics_events');

-- The policies' helpers on every node, after the tables: a policy evaluated on a worker calls app_sees_classroom(),
-- which calls app_classroom_ids() in its body. On a fresh cluster Citus propagated each CREATE FUNCTION of the
-- migrations; on a single node upgraded to Citus (docs/scaling.md) they predate the extension, and distributing a
-- table carries only its direct dependencies to the workers: every read failed with "function app_classroom_ids()
-- does not exist".
SELECT create_distributed_function('app_classroom_ids()');
SELECT create_distributed_function('app_facilitator_id()');

-- The citus extension puts views of its metadata in the public schema (citus_tables, citus_schemas), readable by
-- everyone: the table names, sizes and owners of the cluster. The services' roles read application tables only
-- (ReaderRowLevelSecurityIT), so nobody but the superuser reads them.
DO $$
DECLARE
    r regclass;
BEGIN
    FOR r IN SELECT c.oid::regclass
             FROM pg_class c
             JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
             JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'citus'
             WHERE c.relnamespace = 'public'::regnamespace
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', r);
    END LOOP;
END
$$;

-- Row-level security under Citus: the policies, grants and app_facilitator_id() of V3/V4 are
-- propagated to the shards when a table is distributed (Citus >= 11; RLS was enterprise-only
-- before). A policy is evaluated where the shard query runs, on a worker, so the facilitator setting
-- must reach the worker: it has to be set with SET LOCAL inside a transaction block, which Citus
-- forwards when citus.propagate_set_commands = 'local': query-service reads in BEGIN READ ONLY ... COMMIT and
-- says whom it acts for with act_for_facilitator() (migrations V14, V17; ADR 0028, ADR 0032), which sets
-- citus.propagate_set_commands = 'local' for its transaction itself. No role setting for heroes_reader here: one
-- (ALTER ROLE ... SET) reaches only backends started after this step, and PgBouncer's pooled connections opened
-- before it (its readiness check's) then read nothing on the workers.

-- The aggregator's batch transaction writes rows of several classrooms (a multi-shard modification: Citus opens
-- connections to a worker in parallel, one per shard, by default) and then, in the same transaction, reads what it
-- wrote across those shards (the classroom counts' INSERT ... SELECT joins student_progress): Citus refuses that
-- read ("cannot perform query with placements that were modified over multiple connections", SQLSTATE 25001) and
-- the batch retries for ever. Seen on scripts/stack.sh --citus at 32 shards (the tests' 4 shards rarely spread a
-- batch's classrooms that way). Sequential mode sends a transaction's multi-shard writes over one connection per
-- worker, which every later statement of the transaction can reuse; it also bounds the aggregator's connections per
-- worker by its consumers, not by consumers x shards.
-- Also seen by ReplayIT on Citus (a replayed batch of 162 records: the release of held events, DELETE FROM
-- pending_student_events USING students, after a multi-shard write). The price: the shards one statement touches on
-- a worker run one after another over that connection, the workers still in parallel.
-- A role setting reaches only backends started after it: a writer's server connection PgBouncer opened before this
-- step keeps the parallel mode. scripts/stack.sh --citus closes those backends after this file; a district's upgrade
-- (docs/scaling.md) reconnects PgBouncer's pool after it.
ALTER ROLE heroes_writer SET citus.multi_shard_modify_mode = 'sequential';
