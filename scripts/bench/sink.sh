#!/usr/bin/env bash
# sink: 1 000 000 events from Kafka into PostgreSQL with rollups, against COPY
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/bench.sh
source "$REPO_ROOT/scripts/lib/bench.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/bench/sink.sh [--events N] [--shape lessons|uniform] [--citus]   (or scripts/bench.sh sink)

Starts the test infrastructure of test-support (PostgreSQL 15, PgBouncer, KRaft Kafka; on random ports,
stopped at the end), pre-loads N analytics events (default 1 000 000; 2 % sent twice) onto Kafka, starts
the packaged aggregator with -Xmx512m and times it until every offset is stored with rows and rollups;
then, in the same run, COPYs the same rows into a fresh table with the same indexes (the ceiling), once
in one stream and once in two streams at once (the most two cores can write).
Prints a table and writes target/bench/sink.json (sink-uniform.json for --shape uniform). Builds the aggregator first if its jar is missing or older than the tree.

--shape lessons (default): a live topic's traffic, 200 classrooms of 25 students, twenty classrooms in a
  45-minute lesson at a time, 12-17 events per student of the simulated term's six kinds, in the order
  they happen (up to 30 s late); a batch touches few hourly rollup cells.
--shape uniform: the rollups' worst case, every event at a random second of 30 days in a random one of
  200 classrooms by a new student, so nearly every event is a rollup cell of its own.
--citus: the same run twice in one invocation, on a single node and then on test-support's Citus cluster
  (-Dheroes.infrastructure=citus: a coordinator and two workers, PgBouncer in front of the coordinator,
  deploy/citus/02-distribute.sql at the tests' 4 shards per table), and the ratio of the two: Citus's overhead per
  event. Writes target/bench/sink-citus.json (both runs' JSON and the ratio). Needs Citus installed
  (scripts/lib/citus-build.sh).
USAGE
}

events=1000000
shape=lessons
citus=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --events) events="$2"; shift 2 ;;
    --shape) shape="$2"; shift 2 ;;
    --citus) citus=true; shift ;;
    *) usage >&2; exit 2 ;;
  esac
done

[[ $events =~ ^[1-9][0-9]*$ ]] || { echo "--events: not a positive number: $events" >&2; exit 2; }
[[ $shape == lessons || $shape == uniform ]] || { echo "--shape: lessons or uniform, not: $shape" >&2; exit 2; }

cd "$REPO_ROOT"
jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar 2>/dev/null | head -n1 || true)"
if bench_jars_stale "$jar" || [[ ! -d aggregator-service/target/test-classes/org/heroes/analytics/aggregator/bench ]]; then
  echo "Building the aggregator (jar and test classes)..." >&2
  mvn -B -q -Dspotless.check.skip=true -DskipTests -pl aggregator-service -am package >&2
  jar="$(ls aggregator-service/target/aggregator-service-*-exec.jar | head -n1)"
fi
classpath="$(aggregator_bench_classpath sink)"
# one file per shape, so that `bench.sh all` keeps both
json=target/bench/sink.json
[[ $shape == lessons ]] || json=target/bench/sink-$shape.json
# sink_run INFRASTRUCTURE JSON: one run of the driver on test-support's local processes or its Citus cluster
sink_run() {
  java -Xmx2g "${BENCH_DRIVER_JAVA_OPTS[@]}" -Dheroes.infrastructure="$1" -cp "$classpath" \
    org.heroes.analytics.aggregator.bench.SinkBenchmark "$events" "$REPO_ROOT/$jar" "$REPO_ROOT/$2" "$shape"
}
if ! $citus; then
  sink_run processes "$json"
  echo "wrote $json"
  exit 0
fi
bash scripts/lib/citus-build.sh
single=${json%.json}-single-node.json
on_citus=${json%.json}-on-citus.json
echo "==> single node"
sink_run processes "$single"
echo "==> Citus (a coordinator and two workers)"
sink_run citus "$on_citus"
json=${json%.json}-citus.json
python3 - "$single" "$on_citus" "$json" <<'PY'
import json, sys
single, citus = (json.load(open(f)) for f in sys.argv[1:3])
s, c = single["aggregator"]["rowsPerSecond"], citus["aggregator"]["rowsPerSecond"]
overhead_us = (1 / c - 1 / s) * 1e6
print(f"{'aggregator, rows + rollups':<28} {'rows/s':>10} {'µs/event':>10}")
print(f"{'single node':<28} {s:>10.0f} {1e6 / s:>10.1f}")
print(f"{'Citus, 2 workers':<28} {c:>10.0f} {1e6 / c:>10.1f}")
print(f"Citus over single node: {c / s:.2f}x the throughput; {overhead_us:+.1f} µs per event "
      "(all nodes on this one machine: no more cores, only the distributed transaction's work)")
json.dump({"benchmark": "sink-citus", "shape": single["shape"], "events": single["events"],
           "singleNode": single, "citus": citus, "throughputRatio": round(c / s, 3),
           "overheadMicrosecondsPerEvent": round(overhead_us, 1)}, open(sys.argv[3], "w"), indent=2)
PY
echo "wrote $json"
