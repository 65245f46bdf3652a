#!/usr/bin/env bash
# Starts the local stack on spare ports in a throwaway folder, sends a small simulated term through the
# ingest API, checks every answer of the query API against what was sent, replays, migrates, checks that no
# password appears on any command line and that each service holds only its own credentials, and stops the
# stack, leaving no process behind. Run by scripts/test.sh after `mvn verify` (the jars must be built).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

export HEROES_STACK_DIR
HEROES_STACK_DIR="$(mktemp -d /tmp/heroes-smoke.XXXXXX)"
chmod 755 "$HEROES_STACK_DIR"
export HEROES_PG_PORT=25432 HEROES_PGBOUNCER_PORT=26432 HEROES_KAFKA_PORT=29092 \
  HEROES_KAFKA_CONTROLLER_PORT=29093 HEROES_INGEST_PORT=18081 HEROES_QUERY_PORT=18082 HEROES_AGGREGATOR_PORT=18083

trap private_stack_stop EXIT

# Every command the scripts start through PATH is logged with its arguments by a shim in front of the real
# program, so that the password check at the end sees short-lived commands (psql, the CLI's java) too, not only
# what still runs then. The log is writable by the postgres user (PgBouncer is started as it when root).
ARGV_LOG="$HEROES_STACK_DIR/argv.log"
install_argv_shims() {
  local shims="$HEROES_STACK_DIR/argv-shims" program real
  mkdir -p "$shims"
  (umask 000 && : >"$ARGV_LOG")
  for program in java psql pg_dump pg_dumpall pg_restore pg_isready pgbouncer runuser setsid curl gpg; do
    real="$(command -v "$program" || true)"
    [[ -n $real ]] || continue
    printf '#!/bin/bash\nprintf "%%s\\n" "%s $*" >>%q\nexec %q "$@"\n' "$program" "$ARGV_LOG" "$real" \
      >"$shims/$program"
    chmod 755 "$shims/$program"
  done
  chmod 755 "$shims"
  export PATH="$shims:$PATH"
}
install_argv_shims

"$REPO_ROOT/scripts/stack.sh" up --no-build
eval "$("$REPO_ROOT/scripts/stack.sh" env)"
"$REPO_ROOT/scripts/stack.sh" status
heroes_cli simulate-term --facilitators 2 --classrooms 2 --students 5 --connections 4 --wait PT2M

# trust boundaries (docs/adr/0023): no service process holds the token issuer's private key or its path, every
# service listens on the loopback only, and the demo sign-in hands the demo token (which simulate-term wrote) to a
# loopback client
for service in aggregator-service ingest-service query-service; do
  pid=$(<"$HEROES_STACK_DIR/pids/$service.pid")
  if tr '\0' '\n' <"/proc/$pid/environ" | grep -Eq '^HEROES_JWT_(PRIVATE_KEY_FILE|KID|SECRET)=' ||
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'private-key'; then
    echo "smoke test: $service was given the token issuer's private key" >&2
    exit 1
  fi
  listening=$(ss -Hltnp | grep "pid=$pid," | awk '{print $4}')
  if [[ -z $listening ]] || grep -Eqv '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' <<<"$listening"; then
    echo "smoke test: $service listens on $(tr '\n' ' ' <<<"$listening")(expected 127.0.0.1 only)" >&2
    exit 1
  fi
done
demo="$(curl -fsS --max-time 5 "$HEROES_QUERY_URL/demo/token")" ||
  { echo "smoke test: the demo sign-in did not answer on the loopback" >&2; exit 1; }
demo_token=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$demo")
curl -fsS --max-time 5 -o /dev/null -H "Authorization: Bearer $demo_token" "$HEROES_QUERY_URL/v1/classrooms" ||
  { echo "smoke test: the demo sign-in's token does not read the classrooms" >&2; exit 1; }
echo "trust boundaries: no service holds the private key, all listen on 127.0.0.1 only, demo sign-in works"

# require_metrics SERVICE PORT NAME...: the service is ready, and its Prometheus endpoint shows every NAME
# (docs/metrics.md); the aggregator's pgbouncer_* gauges are read from PgBouncer's admin console by then
require_metrics() {
  local service=$1 port=$2 body name missing=()
  shift 2
  # bodies are read whole before grep looks at them: with pipefail, `curl | grep -q` fails whenever grep
  # stops reading at its match before curl has written everything (curl: (23) Failure writing output)
  body="$(curl -fsS --max-time 5 "http://127.0.0.1:$port/actuator/health/readiness")" &&
    grep -q '"status":"UP"' <<<"$body" || { echo "smoke test: $service is not ready" >&2; exit 1; }
  body="$(curl -fsS --max-time 5 "http://127.0.0.1:$port/actuator/prometheus")" ||
    { echo "smoke test: $service: /actuator/prometheus did not answer" >&2; exit 1; }
  for name in "$@"; do
    grep -Eq "^${name}[{ ]" <<<"$body" || missing+=("$name")
  done
  if ((${#missing[@]} > 0)); then
    echo "smoke test: $service: metrics missing from /actuator/prometheus: ${missing[*]}" >&2
    exit 1
  fi
  echo "metrics: $service ready, shows the $# required names"
}
require_metrics ingest-service "$HEROES_INGEST_PORT" ingest_kafka_send_seconds_count \
  http_server_requests_seconds_count jvm_memory_used_bytes process_cpu_usage kafka_producer_record_send_total
require_metrics aggregator-service "$HEROES_AGGREGATOR_PORT" aggregator_records_total aggregator_batches_total \
  aggregator_batch_commit_seconds_count aggregator_dead_letters_total aggregator_watermark_seconds \
  hikaricp_connections_active hikaricp_connections_pending pgbouncer_exporter_up pgbouncer_pools_client_waiting \
  pgbouncer_pools_client_active pgbouncer_pools_server_active pgbouncer_stats_avg_query_time_seconds \
  pgbouncer_stats_avg_wait_time_seconds jvm_memory_used_bytes http_server_requests_seconds_count
require_metrics query-service "$HEROES_QUERY_PORT" hikaricp_connections_active hikaricp_connections_pending \
  http_server_requests_seconds_count jvm_memory_used_bytes
aggregator_metrics="$(curl -fsS --max-time 5 "http://127.0.0.1:$HEROES_AGGREGATOR_PORT/actuator/prometheus")"
grep -q '^pgbouncer_exporter_up 1' <<<"$aggregator_metrics" ||
  { echo "smoke test: the aggregator could not read PgBouncer's admin console" >&2; exit 1; }

# replay everything the term sent: all of it is stored, so nothing is inserted; then the rollups, compared
# with the raw rows by the rebuild's dry run, differ in no row (replay and rebuild through the operator CLI)
replayed="$("$REPO_ROOT/scripts/replay.sh" --topic all --from earliest)"
echo "$replayed"
grep -Eq '^  inserted +0$' <<<"$replayed" || { echo "smoke test: the replay inserted events again" >&2; exit 1; }
checked="$("$REPO_ROOT/scripts/rebuild-rollups.sh" --dry-run)"
echo "$checked"
grep -q ': 0 rows differed from the raw rows' <<<"$checked" ||
  { echo "smoke test: rollups differ from the raw rows after the replay" >&2; exit 1; }

# the plan's "monitor index usage": every index of the migrations listed; the plan's single-column index on
# analytics_events(classroom_id) shown as a prefix of the project's composite one
report="$("$REPO_ROOT/scripts/index-report.sh" --csv)"
indexes=$(grep -c '^[a-z_]*,idx_' <<<"$report" || true)
if ((indexes < 21)); then
  echo "smoke test: index-report.sh listed $indexes indexes, expected the 21 of migration V2 at least" >&2
  exit 1
fi
grep -q '^analytics_events,idx_analytics_events_classroom,.*prefix of .*idx_analytics_events_classroom_timestamp' \
  <<<"$report" || { echo "smoke test: index-report.sh did not flag the redundant prefix index" >&2; exit 1; }
echo "index report: $indexes indexes, $(grep -c ',[^,]*[a-z][^,]*$' <<<"$report" || true) flagged"

# the migrate step of its own (stack.sh up ran it before the services): nothing left to apply, as the owner,
# which no service holds
migrated="$("$REPO_ROOT/scripts/migrate.sh" --no-backup)"
echo "$migrated"
grep -q '^0 migration(s) applied' <<<"$migrated" || { echo "smoke test: migrate.sh applied migrations again" >&2; exit 1; }

# No password on any command line (ps shows every argument to every user), neither of the processes running now
# nor of any command the scripts ran (the shims' log); and each service holds only its own role's credentials in
# its environment (ADR 0020). The stack's secrets are the values of its secrets.env; only names are ever printed.
declare -A secrets=()
while IFS='=' read -r name value; do
  [[ $name =~ ^HEROES_[A-Z_]+$ && -n $value ]] && secrets[$name]=$value
done <"$HEROES_STACK_DIR/secrets.env"
((${#secrets[@]} >= 5)) || { echo "smoke test: found only ${#secrets[@]} secrets in secrets.env" >&2; exit 1; }
# holding FILE: the names of the secrets whose value FILE contains
holding() {
  local name
  for name in "${!secrets[@]}"; do
    if grep -qF -- "${secrets[$name]}" "$1" 2>/dev/null; then printf '%s\n' "$name"; fi
  done | sort
}
leaks=()
for cmdline in /proc/[0-9]*/cmdline; do
  names="$(holding "$cmdline")"
  [[ -z $names ]] || leaks+=("on the command line of pid $(basename "$(dirname "$cmdline")") ($(tr '\0' '\n' \
    <"$cmdline" | head -n 1 | xargs basename 2>/dev/null)): $(tr '\n' ' ' <<<"$names")")
done
for name in "${!secrets[@]}"; do
  while read -r program; do
    leaks+=("on the command line of a $program the scripts ran: $name")
  done < <(grep -F -- "${secrets[$name]}" "$ARGV_LOG" | cut -d ' ' -f 1 | sort -u)
done
(($(wc -l <"$ARGV_LOG") > 20)) || leaks+=("the shims logged only $(wc -l <"$ARGV_LOG") commands: they did not run")
# the secrets each service may hold, its own only, stated here independently of scripts/lib/services.sh (tokens
# are verified with public keys: no service holds a token secret)
declare -A own_credentials=([aggregator-service]="HEROES_PG_WRITER_PASSWORD"
  [ingest-service]="" [query-service]="HEROES_PG_READER_PASSWORD")
for service in "${!own_credentials[@]}"; do
  pid="$(head -n 1 "$HEROES_STACK_DIR/pids/$service.pid")"
  [[ -r /proc/$pid/environ ]] || { leaks+=("$service: no process $pid to read the environment of"); continue; }
  held="$(holding "/proc/$pid/environ")"
  others="$(comm -23 <(printf '%s\n' "$held") <(tr ' ' '\n' <<<"${own_credentials[$service]}" | sort) | grep . || true)"
  [[ -z $others ]] || leaks+=("in the environment of $service: $(tr '\n' ' ' <<<"$others")")
  echo "credentials: $service holds $(tr '\n' ' ' <<<"${held:-nothing}")"
done
if ((${#leaks[@]} > 0)); then
  echo "smoke test: secrets where they do not belong:" >&2
  printf '  %s\n' "${leaks[@]}" >&2
  exit 1
fi
echo "passwords: none of the ${#secrets[@]} secrets on any process's command line or in the $(wc -l <"$ARGV_LOG")" \
  "commands the scripts ran; each service holds only its own"
