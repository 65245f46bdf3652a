-- Citus cluster set-up, run once on the coordinator's heroes_in_waiting database as the superuser,
-- before the Flyway migrations (so that the roles, functions and tables they create are propagated).
-- The workers' databases already have the extension (the citus image creates it in POSTGRES_DB).
CREATE EXTENSION IF NOT EXISTS citus;
SELECT citus_set_coordinator_host('citus-coordinator', 5432);
SELECT citus_add_node('citus-worker-1', 5432);
SELECT citus_add_node('citus-worker-2', 5432);
