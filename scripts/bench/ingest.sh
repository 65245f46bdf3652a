#!/usr/bin/env bash
# ingest: events/s from HTTP request to Kafka ack, against the raw producer
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/bench.sh
source "$REPO_ROOT/scripts/lib/bench.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/bench/ingest.sh [--events N] [--warmup W] [--connections C] [--gzip]   (or scripts/bench.sh ingest)

Starts a stack of its own (scripts/stack.sh up --infra-only in a fresh HEROES_STACK_DIR on free ports:
PostgreSQL, PgBouncer, KRaft Kafka) and the packaged ingest-service with -Xmx256m and the parallel GC (rate limits raised
out of the way), then runs `heroes bench-ingest`: N analytics events (default 300 000, after W = 600 000
of warm-up, which lets the JIT finish the hot path) in batches of 100 over C keep-alive connections
(default 8), each request as the client library sends it (sentAt, headers) but with its JSON written before the
clock starts, so that the load generator's CPU goes to HTTP, timed until the last 202 (each after Kafka's acks=all); then the same records through a plain producer with
ingest's producer settings, the ceiling. Prints a table with the CPU milliseconds per 1000 events of
the load generator, ingest and the broker during the measured phase (from /proc/<pid>/stat), writes
target/bench/ingest.json, and stops everything it started. Builds the jars first if they are missing or older than the tree.

Environment: HEROES_BENCH_INGEST_JAVA_OPTS, HEROES_BENCH_CLI_JAVA_OPTS: extra JVM options of ingest and
of the load generator, e.g. -XX:StartFlightRecording=filename=/tmp/ingest.jfr,settings=profile.
HEROES_INGEST_KAFKA_COMPRESSION, _LINGER, _BATCH_SIZE: ingest's producer batching (README), given to the raw
producer too, so that a run with other values compares like with like
USAGE
}

args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --events|--warmup|--connections) args+=("$1" "$2"); shift 2 ;;
    --gzip) args+=("$1"); shift ;;
    *) usage >&2; exit 2 ;;
  esac
done

cd "$REPO_ROOT"
ingest_jar="$(ls ingest-service/target/ingest-service-*-exec.jar 2>/dev/null | head -n1 || true)"
cli_jar="$(ls cli/target/cli-*-exec.jar 2>/dev/null | head -n1 || true)"
if bench_jars_stale "$ingest_jar" "$cli_jar"; then
  echo "Building client, ingest-service and cli..." >&2
  mvn -B -q -Dspotless.check.skip=true -DskipTests -pl client,ingest-service,cli -am package >&2
  ingest_jar="$(ls ingest-service/target/ingest-service-*-exec.jar | head -n1)"
  cli_jar="$(ls cli/target/cli-*-exec.jar | head -n1)"
fi

bench_private_stack ingest
state="$BENCH_STATE"
ingest_pid=""

cleanup() {
  if [[ -n $ingest_pid ]] && kill -0 "$ingest_pid" 2>/dev/null; then
    kill "$ingest_pid"
    wait "$ingest_pid" 2>/dev/null || true
  fi
  scripts/stack.sh down >&2 || true
  rm -rf "$state"
}
trap cleanup EXIT

echo "Starting PostgreSQL, PgBouncer and Kafka in $state..." >&2
scripts/stack.sh up --infra-only --no-build >&2
eval "$(scripts/stack.sh env)"

echo "Starting ingest-service (-Xmx256m, parallel GC as in scripts/lib/services.sh) on port $HEROES_INGEST_PORT..." >&2
# shellcheck disable=SC2086 # the options are words; a service is never given the issuer's private key (ADR 0023)
env -u HEROES_JWT_PRIVATE_KEY_FILE -u HEROES_JWT_KID \
  java -Xmx256m -XX:+UseParallelGC ${HEROES_BENCH_INGEST_JAVA_OPTS:-} -jar "$ingest_jar" \
  --ingest.rate-limits.service.burst=100000000 --ingest.rate-limits.service.requests=100000000 \
  >"$state/ingest.log" 2>&1 &
ingest_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$HEROES_INGEST_PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$ingest_pid" 2>/dev/null || { tail -n 40 "$state/ingest.log" >&2; exit 1; }
  sleep 0.5
done

mkdir -p target/bench
kafka_pid="$(cat "$state/pids/kafka.pid")"
# shellcheck disable=SC2086 # the options are words
java -Xmx1g ${HEROES_BENCH_CLI_JAVA_OPTS:-} -jar "$cli_jar" bench-ingest \
  --ingest-url "http://127.0.0.1:$HEROES_INGEST_PORT" --kafka-bootstrap "$HEROES_KAFKA_BOOTSTRAP" \
  --watch-pid "ingest=$ingest_pid" --watch-pid "kafka=$kafka_pid" --json target/bench/ingest.json "${args[@]}"
echo "ingest heap: -Xmx256m; ingest RSS at the end: $(($(awk '/VmRSS/ {print $2}' "/proc/$ingest_pid/status") / 1024)) MiB"
echo "wrote target/bench/ingest.json"
