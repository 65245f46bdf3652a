-- Run once per cluster as a superuser, before the first migration:
--   psql -v ON_ERROR_STOP=1 -v owner_password=… -v writer_password=… -v reader_password=… \
--        -v backup_password=… -d postgres -f create-roles-and-database.sql
-- Idempotent: existing roles keep their attributes and get the given password.
-- Roles live here, not in Flyway, because they are cluster-wide, carry secrets, and making them
-- would need CREATEROLE for heroes_owner (docs/adr/0004).

SELECT format('CREATE ROLE %I LOGIN', r)
FROM unnest(ARRAY['heroes_owner', 'heroes_writer', 'heroes_reader', 'heroes_backup']) AS r
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r)
\gexec

ALTER ROLE heroes_owner  LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE heroes_writer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'writer_password';
ALTER ROLE heroes_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'reader_password';
-- pg_dump turns row security off and fails on any table it would filter: the backup role alone
-- bypasses RLS. It is never used by a service.
ALTER ROLE heroes_backup LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS PASSWORD :'backup_password';

SELECT 'CREATE DATABASE heroes_in_waiting OWNER heroes_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'heroes_in_waiting')
\gexec

REVOKE ALL ON DATABASE heroes_in_waiting FROM PUBLIC;
GRANT CONNECT ON DATABASE heroes_in_waiting TO heroes_writer, heroes_reader, heroes_backup;

-- PostgreSQL's own log never carries a child's words, whatever postgresql.conf says (docs/operations.md#logs): for
-- every session of every role, the superuser's included (a restore's COPY), overriding the configuration file:
-- no bind parameter of a statement logged for its duration (log_min_duration_statement, log_statement) or of a
-- failed one, and errors without their DETAIL and CONTEXT (a refused row's "Failing row contains (...)", a
-- COPY's line, "JSON data, line 1: ..."). The failed statement's SQL (log_min_error_statement) stays: the
-- services' SQL carries values only as parameters.
ALTER ROLE ALL SET log_parameter_max_length = 0;
ALTER ROLE ALL SET log_parameter_max_length_on_error = 0;
ALTER ROLE ALL SET log_error_verbosity = terse;
