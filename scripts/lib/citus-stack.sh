# shellcheck shell=bash
# The Citus form of the local stack (scripts/stack.sh --citus): the stack's PostgreSQL cluster becomes the Citus
# coordinator and two more local clusters beside it are the workers, every node with shared_preload_libraries =
# citus, the project's roles and database (the same bootstrap SQL as the single node) and the citus extension in
# heroes_in_waiting; the workers are registered with the coordinator. After the Flyway migrations, the distribution
# step is deploy/citus/02-distribute.sql, the file test-support's CitusCluster runs too (one source for both).
# Expects what postgres.sh expects, postgres.sh sourced, and HEROES_CITUS_WORKER_1_PORT, HEROES_CITUS_WORKER_2_PORT.

CITUS_WORKERS=(citus-worker-1 citus-worker-2)
CITUS_DISTRIBUTION_SQL="$REPO_ROOT/deploy/citus/02-distribute.sql"
# every node of the Citus form, the coordinator included, runs with this (postgres.sh's pg_start)
# shellcheck disable=SC2034 # read by postgres.sh's pg_start
PG_SERVER_OPTIONS="-c shared_preload_libraries=citus"

citus_worker_port() {
  case $1 in
    citus-worker-1) printf '%s' "$HEROES_CITUS_WORKER_1_PORT" ;;
    citus-worker-2) printf '%s' "$HEROES_CITUS_WORKER_2_PORT" ;;
    *) die "unknown Citus worker $1" ;;
  esac
}

# on_worker NAME COMMAND...: COMMAND (a function of postgres.sh) pointed at worker NAME's cluster and port.
on_worker() {
  local worker=$1
  shift
  (
    # shellcheck disable=SC2034 # read by postgres.sh's pg_dir
    PG_NODE=$worker
    PG_PORT=$(citus_worker_port "$worker")
    "$@"
  )
}

# citus_passwords: the superuser's password for the workers' ports too (pg_passwords wrote the coordinator's).
citus_passwords() {
  local worker
  for worker in "${CITUS_WORKERS[@]}"; do
    pgpass_uri "postgresql://$PG_SUPERUSER:$HEROES_PG_SUPERUSER_PASSWORD@127.0.0.1:$(citus_worker_port "$worker")/postgres" \
      >/dev/null
  done
}

# citus_build: Citus installed into PostgreSQL 15 (scripts/lib/citus-build.sh: skips when this version is there).
citus_build() {
  bash "$SCRIPT_DIR/lib/citus-build.sh" --check ||
    bash "$SCRIPT_DIR/lib/citus-build.sh" || die "citus: the build failed (scripts/lib/citus-build.sh)"
}

citus_loaded() {
  [[ $(psql_super -d postgres -At -c 'SHOW shared_preload_libraries') == *citus* ]]
}

# citus_nodes_start: the coordinator (the stack's own cluster) and the workers, then the cluster set-up. A
# coordinator running without Citus (a single-node stack of this state dir) is restarted with it: the first step of
# the upgrade of docs/scaling.md.
citus_nodes_start() {
  if pg_running && pg_ready && ! citus_loaded; then
    log "postgres: running without Citus; restarting it as the coordinator"
    pg_stop
  fi
  pg_start
  local worker
  for worker in "${CITUS_WORKERS[@]}"; do
    on_worker "$worker" pg_start
  done
  citus_cluster_setup
}

# citus_cluster_setup: the extension on every node, the roles' passwords for the connections between nodes, the
# coordinator and the workers registered (idempotent; passwords reach psql on stdin, never argv).
citus_cluster_setup() {
  local worker logfile="$STACK_DIR/logs/citus-setup.log"
  for worker in "${CITUS_WORKERS[@]}"; do
    on_worker "$worker" psql_super -d "$PG_DATABASE" -c 'CREATE EXTENSION IF NOT EXISTS citus' >>"$logfile" 2>&1 ||
      die_with_log "$worker: could not create the citus extension" "$logfile"
  done
  {
    printf "\\\\set postgres_password '%s'\n\\\\set owner_password '%s'\n\\\\set writer_password '%s'\n" \
      "$HEROES_PG_SUPERUSER_PASSWORD" "$HEROES_PG_OWNER_PASSWORD" "$HEROES_PG_WRITER_PASSWORD"
    printf "\\\\set reader_password '%s'\n\\\\set backup_password '%s'\n" \
      "$HEROES_PG_READER_PASSWORD" "$HEROES_PG_BACKUP_PASSWORD"
    # Citus connects to a node as the role that runs the query: each role's password for every node (node 0), in
    # the metadata the workers receive when they are added
    cat <<SQL
CREATE EXTENSION IF NOT EXISTS citus;
INSERT INTO pg_dist_authinfo (nodeid, rolename, authinfo)
SELECT 0, r.name, 'password=' || r.password
FROM (VALUES ('$PG_SUPERUSER', :'postgres_password'), ('heroes_owner', :'owner_password'),
             ('heroes_writer', :'writer_password'), ('heroes_reader', :'reader_password'),
             ('heroes_backup', :'backup_password')) AS r (name, password)
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_authinfo a WHERE a.nodeid = 0 AND a.rolename = r.name);
SELECT citus_set_coordinator_host('127.0.0.1', $PG_PORT);
SQL
    for worker in "${CITUS_WORKERS[@]}"; do
      printf "SELECT citus_add_node('127.0.0.1', %s);\n" "$(citus_worker_port "$worker")"
    done
  } | psql_super -d "$PG_DATABASE" >>"$logfile" 2>&1 ||
    die_with_log "citus: the cluster set-up on the coordinator failed" "$logfile"
  log "citus: coordinator on $PG_PORT, workers on $HEROES_CITUS_WORKER_1_PORT and $HEROES_CITUS_WORKER_2_PORT"
}

# citus_distributed: whether the distribution step has run (analytics_events is a distributed table).
citus_distributed() {
  [[ $(psql_super -d "$PG_DATABASE" -At -c \
    "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'analytics_events'::regclass") == 1 ]]
}

# citus_distribute: the distribution step after the migrations, once (deploy/citus/02-distribute.sql). Tables that
# hold rows (a single node being upgraded) have them copied into the shards by create_distributed_table; the
# coordinator's local copies are then truncated (they are invisible to every query, but they take the disk).
citus_distribute() {
  local logfile="$STACK_DIR/logs/citus-distribute.log" began=$SECONDS
  if citus_distributed; then
    log "citus: tables distributed already"
    return 0
  fi
  log "citus: distributing the tables ($CITUS_DISTRIBUTION_SQL)"
  psql_super -d "$PG_DATABASE" -f "$CITUS_DISTRIBUTION_SQL" >"$logfile" 2>&1 ||
    die_with_log "citus: the distribution failed" "$logfile"
  psql_super -d "$PG_DATABASE" -At >>"$logfile" 2>&1 <<'SQL' ||
SELECT truncate_local_data_after_distributing_table(p.logicalrelid)
FROM pg_dist_partition p
WHERE NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = p.logicalrelid);
SQL
    die_with_log "citus: truncating the coordinator's local copies failed" "$logfile"
  # The distribution step's ALTER ROLE setting (heroes_writer's sequential multi-shard mode) applies only to backends
  # started after it, and PgBouncer pools server connections opened before it: a batch on such a connection can fail
  # for ever with 25001. Close the writer's; PgBouncer opens new ones on demand. The reader's are left open on purpose
  # (PgBouncer's readiness check opened one): since V17 act_for_facilitator forwards its settings itself whatever the
  # connection's age (ADR 0032), and the Citus demo test reads through such a connection.
  psql_super -d "$PG_DATABASE" -At >>"$logfile" 2>&1 <<'SQL' ||
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
WHERE usename = 'heroes_writer' AND pid <> pg_backend_pid();
SQL
    die_with_log "citus: closing the connections opened before the distribution failed" "$logfile"
  log "citus: distributed in $((SECONDS - began))s"
}

citus_workers_stop() {
  local worker
  for worker in "${CITUS_WORKERS[@]}"; do
    on_worker "$worker" pg_stop
  done
}

citus_worker_ready() { on_worker "$1" pg_ready; }
