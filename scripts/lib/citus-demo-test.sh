#!/usr/bin/env bash
# The demo on the Citus form of the local stack: starts scripts/stack.sh up --citus (a coordinator and two workers)
# on spare ports in a throwaway folder, runs scripts/demo.sh --citus with a small term, which fails unless every
# classroom's counts and averages are exact, checks that the events live in the workers' shards, and stops the
# stack, leaving no process behind. Run by scripts/test.sh's Citus step (the jars must be built; Citus installed by
# scripts/lib/citus-build.sh, which stack.sh runs when it is missing). A few minutes.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=citus-test-support.sh
source "$REPO_ROOT/scripts/lib/citus-test-support.sh"

# a shared CI machine under load takes longer than services.sh's 90 s to start a service (seen: Spring's context
# alone 30 s); the test judges answers, not start-up speed
export HEROES_SERVICE_START_TIMEOUT=${HEROES_SERVICE_START_TIMEOUT:-240}
private_stack heroes-citus-demo
trap private_stack_stop EXIT
began=$SECONDS

out="$HEROES_STACK_DIR/demo.out"
"$REPO_ROOT/scripts/demo.sh" --citus --no-build --facilitators 2 --classrooms 3 --students 5 --connections 4 \
  --wait PT3M 2>&1 | tee "$out"
grep -q "^Every classroom's counts and averages equal what was sent" "$out" ||
  { echo "citus demo test: the demo's answers were not exact" >&2; exit 1; }
"$REPO_ROOT/scripts/stack.sh" status | tee "$HEROES_STACK_DIR/status.out"
grep -q '^citus-worker-2 *up' "$HEROES_STACK_DIR/status.out" ||
  { echo "citus demo test: status does not show the Citus form" >&2; exit 1; }
citus_test_events_on_workers
echo "citus demo test: passed in $((SECONDS - began)) s"
