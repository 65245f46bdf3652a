#!/usr/bin/env bash
# The Citus cluster of the compose profile "citus", in two one-shot steps (docs/scaling.md):
#   setup.sh cluster     roles and database on every node (the project's bootstrap SQL), the citus
#                        extension in heroes_in_waiting on every node, workers registered (00-cluster.sql)
#   setup.sh distribute  after the Flyway migrations (V16 gave the keys Citus needs): 02-distribute.sql
# Runs in the citus image (psql); reads the secrets from the environment, never from argv.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/citus/setup.sh cluster|distribute

Environment: PGPASSWORD (the superuser's), HEROES_PG_{OWNER,WRITER,READER,BACKUP}_PASSWORD,
CITUS_NODES (default "citus-coordinator citus-worker-1 citus-worker-2"; the first is the coordinator),
BOOTSTRAP_SQL (default /db/bootstrap/create-roles-and-database.sql), CITUS_SQL_DIR (default /citus).
USAGE
}

# Runs inside the citus image, without the repository's scripts/lib; word splitting of CITUS_NODES is meant.
# shellcheck disable=SC2206
nodes=(${CITUS_NODES:-citus-coordinator citus-worker-1 citus-worker-2})
bootstrap_sql="${BOOTSTRAP_SQL:-/db/bootstrap/create-roles-and-database.sql}"
sql_dir="${CITUS_SQL_DIR:-/citus}"

psql_on() { # psql_on HOST DATABASE [psql args...]
  local host="$1" db="$2"
  shift 2
  psql -v ON_ERROR_STOP=1 -X -q -h "$host" -U postgres -d "$db" "$@"
}

await_node() {
  local host="$1" tries=60
  until pg_isready -q -h "$host" -U postgres; do
    (( --tries > 0 )) || { echo "citus: $host does not answer" >&2; exit 1; }
    sleep 2
  done
}

cluster() {
  local node
  for node in "${nodes[@]}"; do
    await_node "$node"
    # the passwords reach psql as variables on stdin, as scripts/lib/postgres.sh passes them
    printf "\\\\set owner_password '%s'\n\\\\set writer_password '%s'\n\\\\set reader_password '%s'\n\\\\set backup_password '%s'\n\\\\i %s\n" \
      "$HEROES_PG_OWNER_PASSWORD" "$HEROES_PG_WRITER_PASSWORD" "$HEROES_PG_READER_PASSWORD" \
      "$HEROES_PG_BACKUP_PASSWORD" "$bootstrap_sql" | psql_on "$node" postgres
    psql_on "$node" heroes_in_waiting -c 'CREATE EXTENSION IF NOT EXISTS citus'
  done
  psql_on "${nodes[0]}" heroes_in_waiting -f "$sql_dir/00-cluster.sql"
}

distribute() {
  psql_on "${nodes[0]}" heroes_in_waiting -f "$sql_dir/02-distribute.sql"
}

case "${1:-}" in
  -h|--help) usage ;;
  cluster) cluster ;;
  distribute) distribute ;;
  *) usage >&2; exit 2 ;;
esac
