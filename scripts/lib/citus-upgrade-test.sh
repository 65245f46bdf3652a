#!/usr/bin/env bash
# The upgrade of a running single node to Citus, as docs/scaling.md ("Upgrading a single node to Citus") says a
# district does it: a single-node stack on spare ports in a throwaway folder gets a term (exact), then the
# documented path: the stack stopped, the same node started again as the coordinator of a Citus cluster with two
# new workers (scripts/stack.sh up --citus on the same state dir: the migrations find nothing to apply, the
# distribution step copies every table's rows into the shards). Every table's content must be unchanged (the raw
# rows, the rollups, the offsets), the rows must be in the workers' shards, and one more term must come out exact.
# Run by scripts/test.sh's Citus step (the jars must be built). A few minutes.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"
# shellcheck source=citus-test-support.sh
source "$REPO_ROOT/scripts/lib/citus-test-support.sh"

# a shared CI machine under load takes longer than services.sh's 90 s to start a service (seen: Spring's context
# alone 30 s); the test judges answers, not start-up speed
export HEROES_SERVICE_START_TIMEOUT=${HEROES_SERVICE_START_TIMEOUT:-240}
private_stack heroes-citus-upgrade
trap private_stack_stop EXIT
began=$SECONDS
stack() { "$REPO_ROOT/scripts/stack.sh" "$@"; }

# term: a small simulated term through the running stack; simulate-term fails unless every answer is exact
term() {
  (
    eval "$(stack env)"
    heroes_cli simulate-term --facilitators 2 --classrooms 2 --students 5 --connections 4 --wait PT3M
  ) | tee "$HEROES_STACK_DIR/term.out"
  grep -q "^Every classroom's counts and averages equal what was sent" "$HEROES_STACK_DIR/term.out" ||
    { echo "citus upgrade test: the term's answers were not exact" >&2; exit 1; }
}

# snapshot: every application table's row count and a digest of its rows in a fixed order
TABLES=(facilitators classrooms students forgotten_students retention_horizon consumer_offsets analytics_events
  student_progress student_feedback pending_student_events analytics_hourly_rollup feedback_hourly_rollup
  progress_rollup classroom_rollup classroom_watermarks)
snapshot() {
  local table
  for table in "${TABLES[@]}"; do
    printf '%-24s %s\n' "$table" \
      "$(citus_test_sql "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-')
                         FROM $table t")"
  done
}

echo "==> a single node, and a term through it"
stack up --no-build
term
snapshot >"$HEROES_STACK_DIR/before.txt"
cat "$HEROES_STACK_DIR/before.txt"

echo "==> the upgrade: stop, start the same node as the coordinator with two workers, distribute"
upgrade_began=$SECONDS
stack down
stack up --citus --no-build
echo "upgrade (down, up --citus, distribution) took $((SECONDS - upgrade_began)) s"
[[ $(citus_test_sql "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'analytics_events'::regclass") == 1 ]] ||
  { echo "citus upgrade test: analytics_events is not distributed" >&2; exit 1; }

snapshot >"$HEROES_STACK_DIR/after.txt"
if ! diff -u "$HEROES_STACK_DIR/before.txt" "$HEROES_STACK_DIR/after.txt"; then
  echo "citus upgrade test: tables changed in the upgrade" >&2
  exit 1
fi
echo "every table unchanged by the upgrade (${#TABLES[@]} tables: counts and digests)"
citus_test_events_on_workers

echo "==> one more term, on Citus"
term
echo "citus upgrade test: passed in $((SECONDS - began)) s"
