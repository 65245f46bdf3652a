#!/usr/bin/env bash
# sink: 1 000 000 events from Kafka into PostgreSQL with rollups, against COPY
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/bench.sh
source "$REPO_ROOT/scripts/lib/bench.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/bench/sink.sh [--events N]   (or scripts/bench.sh sink)

Starts the test infrastructure of test-support (PostgreSQL 15, PgBouncer, KRaft Kafka; on random ports,
stopped at the end), pre-loads N analytics events (default 1 000 000; 2 % sent twice) onto Kafka, starts
the packaged aggregator with -Xmx512m and times it until every offset is stored with rows and rollups;
then, in the same run, COPYs the same rows into a fresh table with the same indexes (the ceiling).
Prints a table and writes target/bench/sink.json. Builds the aggregator first if its jar is missing.
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
jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar 2>/dev/null | head -n1 || true)"
if [[ -z $jar || ! -d aggregator-service/target/test-classes/org/heroes/analytics/aggregator/bench ]]; then
  echo "Building the aggregator (jar and test classes)..." >&2
  mvn -B -q -o -Dspotless.check.skip=true -DskipTests -pl aggregator-service -am package >&2
  jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar | head -n1)"
fi
classpath="$(aggregator_bench_classpath sink)"
java -Xmx2g -cp "$classpath" org.heroes.analytics.aggregator.bench.SinkBenchmark \
  "$events" "$REPO_ROOT/$jar" "$REPO_ROOT/target/bench/sink.json"
echo "wrote target/bench/sink.json"
