#!/usr/bin/env bash
# freshness: from ingest's 202 to the query API counting the events, at half of ingest's maximum
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

usage() {
  cat <<'USAGE'
Usage: scripts/bench/freshness.sh [--seconds S] [--probe-seconds P] [--rate R] [--classrooms N]
                                  [--poll-interval-ms M]   (or scripts/bench.sh freshness)

Starts a whole stack of its own (scripts/stack.sh up in a fresh HEROES_STACK_DIR on free ports: PostgreSQL,
PgBouncer, KRaft Kafka, the migrations, aggregator-service, ingest-service and query-service, each service's
rate limit out of the way), then runs `heroes bench-freshness`: a facilitator and N classrooms (default 16)
through the roster API; ingest's maximum rate, analytics batches of 100 sent as fast as it answers for P s
(default 20; this is also the warm-up); once the query API counts all of that, batches at half of that rate
(or R events/s) for S s (default 60), while the query API is asked, classroom by classroom, at most every M ms
(default 100), how many events it counts. Prints p50, p99 and the longest time from a batch's 202 (after Kafka's
acks=all) to the first answer that counts it, writes target/bench/freshness.json, and stops everything it
started. Builds the jars first if they are missing or older than the tree.
USAGE
}

args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --seconds|--probe-seconds|--rate|--classrooms|--poll-interval-ms) args+=("$1" "$2"); shift 2 ;;
    *) usage >&2; exit 2 ;;
  esac
done

cd "$REPO_ROOT"
# shellcheck source=../lib/common.sh
# shellcheck disable=SC1091
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=../lib/bench.sh
source "$REPO_ROOT/scripts/lib/bench.sh"

jars=()
for module in aggregator-service ingest-service query-service cli; do
  jars+=("$(ls "$module"/target/"$module"-*-exec.jar 2>/dev/null | head -n1 || true)")
done
if bench_jars_stale "${jars[@]}"; then
  log "building the services and the CLI"
  mvn -B -q -Dspotless.check.skip=true -DskipTests -pl aggregator-service,ingest-service,query-service,cli \
    -am package >&2
fi
cli_jar="$(ls cli/target/cli-*-exec.jar | head -n1)"

bench_private_stack freshness
state="$BENCH_STATE"
# the benchmark measures answers, never refusals: every rate limit far out of reach (the checks are still made)
export HEROES_INGEST_RATE_LIMIT_SERVICE_BURST=1000000000 HEROES_INGEST_RATE_LIMIT_SERVICE_REQUESTS=1000000000
export HEROES_QUERY_RATE_LIMIT_BURST=1000000000 HEROES_QUERY_RATE_LIMIT_REQUESTS=1000000000

cleanup() {
  scripts/stack.sh down >&2 || true
  rm -rf "$state"
}
trap cleanup EXIT

log "starting the whole stack in $state"
scripts/stack.sh up --no-build >&2
eval "$(scripts/stack.sh env)"

mkdir -p target/bench
java -Xmx512m -jar "$cli_jar" bench-freshness --ingest-url "$HEROES_INGEST_URL" --query-url "$HEROES_QUERY_URL" \
  --json target/bench/freshness.json "${args[@]}"
echo "wrote target/bench/freshness.json"
