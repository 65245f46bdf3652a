#!/usr/bin/env bash
# replay: 1 000 000 stored and 1 000 000 new events replayed, against the live aggregator's rate
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/bench.sh
source "$REPO_ROOT/scripts/lib/bench.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/bench/replay.sh [--events N]   (or scripts/bench.sh replay)

Starts the test infrastructure of test-support (PostgreSQL 15, PgBouncer, KRaft Kafka; on random ports,
stopped at the end), pre-loads N analytics events (default 1 000 000; 2 % sent twice) and times, in one
run, each in its own JVM with -Xmx512m -XX:+UseParallelGC and from its first commit to its last:
  1. the packaged live aggregator until all N are stored (the baseline);
  2. `heroes replay --from earliest` of the same N, all already stored (goal: at least 2x the live rate);
  3. N new events produced with the live aggregator stopped, replayed from the instant before them
     into event tables emptied first, as the live run's were
     (goal: at least the live rate).
Prints a table with the ratios to the live rate and writes target/bench/replay.json. Builds the
aggregator and the CLI first if their jars are missing or older than the tree.
USAGE
}

events=1000000
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --events) events="$2"; shift 2 ;;
    *) usage >&2; exit 2 ;;
  esac
done

cd "$REPO_ROOT"
aggregator_jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar 2>/dev/null | head -n1 || true)"
cli_jar="$(ls cli/target/cli-*-exec.jar 2>/dev/null | head -n1 || true)"
if bench_jars_stale "$aggregator_jar" "$cli_jar" \
      || [[ ! -d aggregator-service/target/test-classes/org/heroes/analytics/aggregator/bench ]]; then
  echo "Building the aggregator (jar and test classes) and the CLI..." >&2
  mvn -B -q -Dspotless.check.skip=true -DskipTests -pl aggregator-service,cli -am package >&2
  aggregator_jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar | head -n1)"
  cli_jar="$(ls cli/target/cli-*-exec.jar | head -n1)"
fi
classpath="$(aggregator_bench_classpath replay)"
java -Xmx2g "${BENCH_DRIVER_JAVA_OPTS[@]}" -cp "$classpath" org.heroes.analytics.aggregator.bench.ReplayBenchmark \
  "$events" "$REPO_ROOT/$aggregator_jar" "$REPO_ROOT/$cli_jar" "$REPO_ROOT/target/bench/replay.json"
echo "wrote target/bench/replay.json"
