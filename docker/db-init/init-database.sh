#!/usr/bin/env bash
# docker-compose.yml's one-shot db-init (image postgres:15, as root): the roles and the database from
# schemas' bootstrap SQL (ADR 0004), then PgBouncer's auth file from the roles' SCRAM secrets, as
# scripts/lib/postgres.sh does for the local stack. Idempotent: runs on every `docker-compose up`.
# Passwords reach psql on stdin, never on a command line.
# Expects: PGHOST PGPORT PGBOUNCER_UID and the HEROES_PG_*_PASSWORD variables.
set -euo pipefail

BOOTSTRAP_SQL=/heroes/bootstrap/create-roles-and-database.sql
AUTH_DIR=/heroes/pgbouncer-auth
# the roles that connect through PgBouncer (DESIGN §5)
POOLED_ROLES="'heroes_reader', 'heroes_writer'"

for name in HEROES_PG_SUPERUSER_PASSWORD HEROES_PG_OWNER_PASSWORD HEROES_PG_WRITER_PASSWORD \
  HEROES_PG_READER_PASSWORD HEROES_PG_BACKUP_PASSWORD; do
  [[ -n ${!name:-} ]] || { echo "db-init: $name is not set" >&2; exit 1; }
  # psql's :'var' quotes the value, but \set itself ends a value at a quote or backslash
  [[ ${!name} != *[\'\\]* ]] || { echo "db-init: $name must not contain a quote or backslash" >&2; exit 1; }
done

export PGUSER=postgres PGDATABASE=postgres PGCONNECT_TIMEOUT=10
export PGPASSWORD=$HEROES_PG_SUPERUSER_PASSWORD

printf "\\\\set owner_password '%s'\n\\\\set writer_password '%s'\n\\\\set reader_password '%s'\n\\\\set backup_password '%s'\n\\\\i %s\n" \
  "$HEROES_PG_OWNER_PASSWORD" "$HEROES_PG_WRITER_PASSWORD" "$HEROES_PG_READER_PASSWORD" \
  "$HEROES_PG_BACKUP_PASSWORD" "$BOOTSTRAP_SQL" |
  psql -X -q -v ON_ERROR_STOP=1
echo "db-init: roles and database heroes_in_waiting are in place"

# "role" "SCRAM-SHA-256$…": PgBouncer authenticates clients with these and, having seen the client's
# proof, logs in to PostgreSQL with the same secret (SCRAM pass-through); no clear-text password on disk
umask 077
psql -X -q -At -v ON_ERROR_STOP=1 -c "SELECT format('\"%s\" \"%s\"', rolname, rolpassword)
    FROM pg_authid WHERE rolname IN ($POOLED_ROLES) AND rolpassword LIKE 'SCRAM-SHA-256\$%' ORDER BY rolname" \
  >"$AUTH_DIR/userlist.txt.new"
count=$(wc -l <"$AUTH_DIR/userlist.txt.new")
if [[ $count -ne 2 ]]; then
  echo "db-init: expected SCRAM secrets of 2 roles, found $count (password_encryption must be scram-sha-256)" >&2
  exit 1
fi
chown "$PGBOUNCER_UID" "$AUTH_DIR/userlist.txt.new"
mv "$AUTH_DIR/userlist.txt.new" "$AUTH_DIR/userlist.txt"
echo "db-init: PgBouncer's auth file written for heroes_reader and heroes_writer"
