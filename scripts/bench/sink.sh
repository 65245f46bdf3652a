#!/usr/bin/env bash
# sink: 1 000 000 events from Kafka into PostgreSQL with rollups, against COPY
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/bench.sh
source "$REPO_ROOT/scripts/lib/bench.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/bench/sink.sh [--events N] [--shape lessons|uniform]   (or scripts/bench.sh sink)

Starts the test infrastructure of test-support (PostgreSQL 15, PgBouncer, KRaft Kafka; on random ports,
stopped at the end), pre-loads N analytics events (default 1 000 000; 2 % sent twice) onto Kafka, starts
the packaged aggregator with -Xmx512m and times it until every offset is stored with rows and rollups;
then, in the same run, COPYs the same rows into a fresh table with the same indexes (the ceiling).
Prints a table and writes target/bench/sink.json (sink-uniform.json for --shape uniform). Builds the aggregator first if its jar is missing.

--shape lessons (default): a live topic's traffic, 200 classrooms of 25 students, twenty classrooms in a
  45-minute lesson at a time, 12-17 events per student of the simulated term's six kinds, in the order
  they happen (up to 30 s late); a batch touches few hourly rollup cells.
--shape uniform: the rollups' worst case, every event at a random second of 30 days in a random one of
  200 classrooms by a new student, so nearly every event is a rollup cell of its own.
USAGE
}

events=1000000
shape=lessons
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --events) events="$2"; shift 2 ;;
    --shape) shape="$2"; shift 2 ;;
    *) usage >&2; exit 2 ;;
  esac
done

[[ $events =~ ^[1-9][0-9]*$ ]] || { echo "--events: not a positive number: $events" >&2; exit 2; }
[[ $shape == lessons || $shape == uniform ]] || { echo "--shape: lessons or uniform, not: $shape" >&2; exit 2; }

cd "$REPO_ROOT"
jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar 2>/dev/null | head -n1 || true)"
if [[ -z $jar || ! -d aggregator-service/target/test-classes/org/heroes/analytics/aggregator/bench ]]; then
  echo "Building the aggregator (jar and test classes)..." >&2
  mvn -B -q -Dspotless.check.skip=true -DskipTests -pl aggregator-service -am package >&2
  jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar | head -n1)"
fi
classpath="$(aggregator_bench_classpath sink)"
# one file per shape, so that `bench.sh all` keeps both
json=target/bench/sink.json
[[ $shape == lessons ]] || json=target/bench/sink-$shape.json
java -Xmx2g "${BENCH_DRIVER_JAVA_OPTS[@]}" -cp "$classpath" org.heroes.analytics.aggregator.bench.SinkBenchmark \
  "$events" "$REPO_ROOT/$jar" "$REPO_ROOT/$json" "$shape"
echo "wrote $json"
