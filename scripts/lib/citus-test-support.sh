# shellcheck shell=bash
# Shared by the Citus script tests (citus-demo-test.sh, citus-upgrade-test.sh): psql as the superuser, and the checks
# that the data sits where Citus put it (common.sh's private_stack_stop stops their stack). Needs: REPO_ROOT,
# common.sh sourced, the stack of private_stack (HEROES_STACK_DIR).

# citus_test_sql SQL: one value (psql -At) as the superuser straight to the coordinator, its password in a password
# file of the state dir (never on a command line).
citus_test_sql() {
  if [[ ! -f $HEROES_STACK_DIR/test-pgpass/pgpass ]]; then
    # shellcheck source=pgpass.sh
    source "$REPO_ROOT/scripts/lib/pgpass.sh"
    mkdir -p "$HEROES_STACK_DIR/test-pgpass"
    pgpass_begin "$HEROES_STACK_DIR/test-pgpass"
    local password
    password="$(sed -n 's/^HEROES_PG_SUPERUSER_PASSWORD=//p' "$HEROES_STACK_DIR/secrets.env")"
    pgpass_uri "postgresql://postgres:$password@127.0.0.1:$HEROES_PG_PORT/heroes_in_waiting" >/dev/null
  fi
  PGPASSFILE="$HEROES_STACK_DIR/test-pgpass/pgpass" psql -X -q -v ON_ERROR_STOP=1 -At -h 127.0.0.1 \
    -p "$HEROES_PG_PORT" -U postgres -d heroes_in_waiting -c "$1"
}

# citus_test_events_on_workers: analytics_events is distributed, its shards are on the two workers only, and the
# rows counted shard by shard there add up to what the coordinator answers.
citus_test_events_on_workers() {
  local per_worker total on_shards
  per_worker="$(citus_test_sql "SELECT string_agg(nodeport || ':' || events, ' ' ORDER BY nodeport) FROM (
      SELECT n.nodeport, sum(r.result::bigint) AS events
      FROM run_command_on_shards('analytics_events', \$\$SELECT count(*) FROM %s\$\$) r
      JOIN pg_dist_placement p ON p.shardid = r.shardid
      JOIN pg_dist_node n ON n.groupid = p.groupid
      GROUP BY n.nodeport) w")"
  total="$(citus_test_sql "SELECT count(*) FROM analytics_events")"
  on_shards=0
  local entry port
  for entry in $per_worker; do
    port=${entry%%:*}
    [[ $port == "$HEROES_CITUS_WORKER_1_PORT" || $port == "$HEROES_CITUS_WORKER_2_PORT" ]] ||
      { echo "analytics_events has shards on port $port, not a worker's" >&2; exit 1; }
    on_shards=$((on_shards + ${entry#*:}))
  done
  ((total > 0 && on_shards == total)) ||
    { echo "analytics_events: $total rows on the coordinator's answer, $on_shards in the workers' shards" >&2; exit 1; }
  echo "events on the workers (port:rows): $per_worker; $total in all"
}
