#!/usr/bin/env bash
# Rebuilds rollups from the raw rows with the aggregator's own rebuild, atomically, beside the live aggregator.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/rebuild-rollups.sh [--classroom ID]... [--from INSTANT] [--to INSTANT] [--dry-run] [--verbose]

Rebuilds the rollups (analytics_hourly_rollup, feedback_hourly_rollup, progress_rollup, classroom_rollup)
from the raw rows in one transaction, as heroes_writer through PgBouncer, with the aggregator's own code
run in-process by the operator CLI. Safe while the aggregator runs: readers see the old rollups or the
new, never a half-built set; live batches wait for the rebuild and then count once (ADR 0008).
Prints per table the rows that were wrong, missing and extra, then the rows deleted and written.

  --classroom ID    only this classroom (UUID); repeat for several; none: every classroom
  --from INSTANT    ISO-8601 (2026-11-25T14:20:00Z); hourly rollups from this UTC hour (floored)
  --to INSTANT      exclusive; up to this UTC hour (ceiled)
  --dry-run         compare and report only: changes nothing, takes no lock
  --verbose         the aggregator's logs at INFO
  -h, --help        this text

A range alone rebuilds only the hourly rollups (every classroom, those hours); progress and classroom
counts are rebuilt for the named classrooms, or for all when no scope is given. Watermarks never change.
While it runs, live batches wait: keep rebuilds scoped (docs/operations.md, "Rebuilding rollups").
Exit: 0 done, 2 with one line on a bad flag or a failure (rolled back: nothing changed; run it again).
Variables: HEROES_PG_HOST, HEROES_PGBOUNCER_PORT, HEROES_PG_WRITER_PASSWORD, HEROES_KAFKA_BOOTSTRAP
(default: the running local stack's).
USAGE
}

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
  esac
done
if [[ -z ${HEROES_PG_WRITER_PASSWORD:-} ]]; then
  eval "$("$REPO_ROOT/scripts/stack.sh" env)" || die "HEROES_PG_WRITER_PASSWORD is not set and no local stack runs"
fi
heroes_cli rebuild-rollups "$@"
