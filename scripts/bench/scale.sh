#!/usr/bin/env bash
# scale: total and per-instance aggregator throughput with 1, 2 and 3 instances in one consumer group
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/bench.sh
source "$REPO_ROOT/scripts/lib/bench.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/bench/scale.sh [--events N] [--max-instances K]   (or scripts/bench.sh scale)

Starts the test infrastructure of test-support (PostgreSQL 15, PgBouncer, KRaft Kafka; on random ports,
stopped at the end). For n = 1 .. K (default 3), in one run: n packaged aggregators, each its own JVM
(-Xmx384m, one consumer: HEROES_AGGREGATOR_CONCURRENCY=1), join a consumer group of their own; once all
hold partitions, N new analytics events (default 300 000; 2 % sent twice) are produced onto the
3-partition analytics topic and timed from the group's first commit until every offset is stored with
rows and rollups, into event tables emptied first. Prints total records/s, the ratio to the 1-instance
run of the same invocation, and per instance the partitions it held and its records/s; writes
target/bench/scale.json. Everything shares this machine's cores: on 2 cores more instances add
contention, not CPUs. Builds the aggregator first if its jar is missing or older than the tree.
USAGE
}

events=300000
max_instances=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --events) events="$2"; shift 2 ;;
    --max-instances) max_instances="$2"; shift 2 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[[ $events =~ ^[1-9][0-9]*$ ]] || { echo "--events must be a positive integer" >&2; exit 2; }
[[ $max_instances =~ ^[1-9]$ ]] || { echo "--max-instances must be 1..9" >&2; exit 2; }

cd "$REPO_ROOT"
jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar 2>/dev/null | head -n1 || true)"
if bench_jars_stale "$jar" || [[ ! -f aggregator-service/target/test-classes/org/heroes/analytics/aggregator/bench/ScaleBenchmark.class ]]; then
  echo "Building the aggregator (jar and test classes)..." >&2
  # -am: the jar must hold this tree's schemas, not an older one from ~/.m2
  mvn -B -q -Dspotless.check.skip=true -DskipTests -pl aggregator-service -am package >&2
  jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar | head -n1)"
fi
classpath="$(aggregator_bench_classpath scale)"
java -Xmx1g "${BENCH_DRIVER_JAVA_OPTS[@]}" -cp "$classpath" org.heroes.analytics.aggregator.bench.ScaleBenchmark \
  "$events" "$max_instances" "$REPO_ROOT/$jar" "$REPO_ROOT/target/bench/scale.json"
echo "wrote target/bench/scale.json"
