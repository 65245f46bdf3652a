#!/usr/bin/env bash
# The compose system test (docs/deployment.md, docs/adr/0027), run by scripts/test.sh: the container stack of
# docker-compose.yml up from nothing on spare ports, in a compose project and secrets folder of its own, attacked and
# measured like the local stack, then removed with its volumes:
#   1. up from nothing (engine, secrets, images: cached layers are reused), then a demo term through ingest whose
#      aggregates must be exact;
#   2. a connection without TLS refused by PostgreSQL and by PgBouncer; every network connection PostgreSQL holds
#      (PgBouncer's, migrate's, the test's own) uses TLS;
#   3. no container, running or done, runs as root;
#   4. the operator's scripts, unchanged, each judged by what it does (scripts/lib/operator-scripts-test.sh: token,
#      backfill, replay, redrive, backup, forget-student, restore);
#   5. under load (a term being sent and stored): PostgreSQL's container restarted, then one broker killed (and
#      started again), then the aggregator's container killed; then every acknowledged event is stored exactly once
#      (the term's aggregates exact, no event stored twice);
#   6. down -v, nothing of the project left.
# Prints each step's time and the total. Needs root (the engine), java, mvn (the jars are built when missing).
#
#   scripts/lib/compose-test.sh [--keep]   --keep: leave the stack up at the end (for a look; down -v by hand)
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

keep=false
[[ ${1:-} == --keep ]] && keep=true

export HEROES_COMPOSE_PROJECT=heroes-compose-test
export HEROES_COMPOSE_DIR
HEROES_COMPOSE_DIR=$(mktemp -d /tmp/heroes-compose-test.XXXXXX)
# ports of their own: neither the local stack's defaults nor the smoke test's
export HEROES_PG_PORT=35432 HEROES_PGBOUNCER_PORT=36432 HEROES_KAFKA_PORT=39092 HEROES_KAFKA_2_PORT=39094 \
  HEROES_KAFKA_3_PORT=39095 HEROES_INGEST_PORT=38081 HEROES_QUERY_PORT=38082 HEROES_AGGREGATOR_PORT=38083
# shellcheck source=compose-stack.sh
source "$REPO_ROOT/scripts/lib/compose-stack.sh"

started=$SECONDS
step_started=$SECONDS
step() {
  log "compose test: $1 done in $((SECONDS - step_started)) s"
  step_started=$SECONDS
}
fail() {
  echo "compose test: FAILED: $*" >&2
  exit 1
}

finish() {
  local status=$?
  if ((status != 0)); then
    compose ps >&2 || true
    compose logs --no-color --tail 40 >&2 || true
  fi
  if ! $keep; then
    "$REPO_ROOT/scripts/stack.sh" down --compose -v || true
    local left
    left=$(docker ps -aq --filter "label=com.docker.compose.project=$HEROES_COMPOSE_PROJECT" 2>/dev/null || true)
    [[ -z $left ]] || { echo "compose test: containers left after down -v: $left" >&2; status=1; }
    left=$(docker volume ls -q --filter "label=com.docker.compose.project=$HEROES_COMPOSE_PROJECT" 2>/dev/null || true)
    [[ -z $left ]] || { echo "compose test: volumes left after down -v: $left" >&2; status=1; }
    rm -rf "$HEROES_COMPOSE_DIR"
  fi
  exit $status
}
trap finish EXIT

for port in $HEROES_PG_PORT $HEROES_PGBOUNCER_PORT $HEROES_KAFKA_PORT $HEROES_KAFKA_2_PORT $HEROES_KAFKA_3_PORT \
  $HEROES_INGEST_PORT $HEROES_QUERY_PORT $HEROES_AGGREGATOR_PORT; do
  ! port_open "$port" || fail "port $port is taken"
done

# 1. up from nothing; the demo term exact
bash "$REPO_ROOT/scripts/lib/docker-engine.sh"
"$REPO_ROOT/scripts/stack.sh" down --compose -v >/dev/null 2>&1 || true
"$REPO_ROOT/scripts/stack.sh" up --compose
step "up from nothing (images built or cached)"
eval "$("$REPO_ROOT/scripts/stack.sh" env --compose)"
"$REPO_ROOT/scripts/stack.sh" status --compose
heroes_cli simulate-term --facilitators 2 --classrooms 2 --students 5 --days 2 --connections 4 --wait PT3M
step "demo term exact"

# 2. TLS only
psql_plain() { PGPASSWORD=not-a-password psql "host=127.0.0.1 port=$1 user=$2 dbname=$3 sslmode=disable" -c 'SELECT 1' 2>&1; }
answer=$(psql_plain "$HEROES_PG_PORT" postgres postgres) && fail "PostgreSQL accepted a connection without TLS"
grep -q 'no pg_hba.conf entry .* no encryption' <<<"$answer" || fail "PostgreSQL refused plain text otherwise: $answer"
answer=$(psql_plain "$HEROES_PGBOUNCER_PORT" heroes_reader heroes_in_waiting) &&
  fail "PgBouncer accepted a connection without TLS"
grep -q 'SSL required' <<<"$answer" || fail "PgBouncer refused plain text otherwise: $answer"
plain=$(psql "$HEROES_PG_SUPERUSER_URI" -X -At -c "SELECT count(*) FILTER (WHERE NOT s.ssl) || '/' || count(*)
  FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.client_addr IS NOT NULL")
[[ $plain == 0/* && $plain != 0/0 ]] || fail "network connections to PostgreSQL without TLS (plain/all): $plain"
echo "TLS: plain text refused by PostgreSQL and PgBouncer; network connections to PostgreSQL without TLS: $plain"
step "TLS refusal"

# 3. no container as root: each image's user, and each running container's processes
for id in $(docker ps -aq --filter "label=com.docker.compose.project=$HEROES_COMPOSE_PROJECT"); do
  name=$(docker inspect --format '{{.Name}}' "$id")
  user=$(docker inspect --format '{{.Config.User}}' "$id")
  [[ -n $user && $user != root && $user != 0 && $user != 0:* && $user != root:* ]] ||
    fail "$name runs as '${user:-root}'"
  if [[ $(docker inspect --format '{{.State.Running}}' "$id") == true ]]; then
    uids=$(docker top "$id" -eo pid,uid | awk 'NR > 1 {print $2}' | sort -u | tr '\n' ' ')
    [[ -n $uids && " $uids" != *" 0 "* ]] || fail "$name has processes of root (uids $uids)"
  fi
  printf '  %-48s user %s\n' "$name" "$user"
done
step "no container as root"

# 4. the operator's scripts against this stack, as an operator runs them (the variables of env --compose, above)
bash "$REPO_ROOT/scripts/lib/operator-scripts-test.sh"
step "operator scripts"

# 5. under load: every acknowledged event stored exactly once
superuser_sql() { psql "$HEROES_PG_SUPERUSER_URI" -X -At -v ON_ERROR_STOP=1 -c "$1"; }
stored() { superuser_sql 'SELECT count(*) FROM analytics_events' 2>/dev/null; }
container() { compose ps -q "$1"; }

# under_load NAME ACTION...: sends a term in the background, runs ACTION once events are being stored, and requires
# the term exact (simulate-term resends what was not acknowledged) and no event stored twice
under_load() {
  local name=$1 before term_log=$HEROES_COMPOSE_DIR/term-under-load.log pid
  shift
  before=$(stored)
  heroes_cli simulate-term --facilitators 2 --classrooms 3 --students 10 --days 6 --connections 4 --wait PT5M \
    >"$term_log" 2>&1 &
  pid=$!
  term_pid=$pid
  wait_for 120 "events stored" test_more_than "$before" || { kill "$pid" || true; fail "$name: no event stored"; }
  log "compose test: $name (under load: $(($(stored) - before)) events stored so far)"
  "$@"
  wait "$pid" || { tail -n 30 "$term_log" >&2; fail "$name: the term was not stored exactly"; }
  grep -q "Every classroom's counts and averages equal what was sent" "$term_log" ||
    { tail -n 30 "$term_log" >&2; fail "$name: the term was not stored exactly"; }
  local twice
  twice=$(superuser_sql 'SELECT count(*) - count(DISTINCT (event_id, "timestamp")) FROM analytics_events')
  [[ $twice == 0 ]] || fail "$name: $twice events stored twice"
  grep -E '^(Ingest|End to end):' "$term_log" | sed "s/^/  $name: /"
  step "$name"
}
test_more_than() { (($(stored) > $1)); }
# sending: whether the term is still being sent
sending() { if kill -0 "$term_pid" 2>/dev/null; then printf ', term still being sent'; fi; }

kill_a_broker() {
  docker kill "$(container kafka-2)" >/dev/null
  log "compose test: kafka-2 killed under load ($(stored) events stored$(sending)); the term goes on with two brokers"
  wait_for 20 "events stored" test_more_than "$(stored)" || true
  docker start "$(container kafka-2)" >/dev/null
}
kill_the_aggregator() {
  docker kill "$(container aggregator-service)" >/dev/null
  log "compose test: aggregator-service killed under load ($(stored) events stored$(sending))"
  docker start "$(container aggregator-service)" >/dev/null
  wait_for 180 aggregator-service compose_healthy aggregator-service || fail "the aggregator did not come back"
}
restart_postgres() {
  log "compose test: restarting postgres under load ($(stored) events stored$(sending))"
  docker restart -t 10 "$(container postgres)" >/dev/null
  wait_for 60 postgres compose_healthy postgres || fail "PostgreSQL did not come back"
}
# one term, three disruptions in turn while it is sent and stored (one term each would cost minutes more); the slow
# recovery (the aggregator's start) last, so that the other two meet the term in flight
disrupt() {
  restart_postgres
  kill_a_broker
  kill_the_aggregator
  wait_for 120 kafka-2 compose_healthy kafka-2 || fail "kafka-2 did not come back"
}
under_load "PostgreSQL restarted, broker killed, aggregator killed" disrupt

echo "compose test: passed in $((SECONDS - started)) s"
