#!/usr/bin/env bash
# Re-reads a topic range into the database through the aggregator's own writer, beside live traffic.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/replay.sh --topic NAME|all --from earliest|INSTANT [--to INSTANT] [--dry-run] [--verbose]

Re-reads a range of the event topics into PostgreSQL through the aggregator's own batch writer
(decoding, validation, dead letters, rows and rollups: the live path's code, run in-process by the
operator CLI), in a consumer group of its own, safely while the live aggregator runs: events already
stored and progress or roster records older than the stored state change nothing, so nothing is
counted twice. Shows a progress bar (records, rate, ETA) on stderr and prints a summary: read,
inserted, duplicates skipped, dead-lettered. Exit code 0, or 2 with one line on a bad flag or failure.

  --topic NAME|all     heroes.analytics-events.v1 (or analytics), heroes.student-progress.v1 (progress),
                       heroes.student-feedback.v1 (feedback), heroes.roster.v1 (roster), or all
  --from earliest|INSTANT
                       earliest offset, or the first record timestamp: 2026-11-26T09:00:00Z,
                       2026-11-26T10:00:00+01:00, or 2026-11-26 (midnight UTC)
  --to INSTANT         stop at the first record at or after this timestamp (default: the end offsets
                       as the replay starts; records produced later are the live aggregator's)
  --dry-run            write each batch in a transaction that is rolled back, publish no dead letter:
                       exact "would insert / already stored" counts, nothing changes
  --verbose            the aggregator's logs at INFO
  -h, --help           this text

Invalid records go to the dead-letter topics as on the live path, again if the live aggregator already
sent them there (dead letters are at-least-once). The replay commits its own group's Kafka offsets
(monitoring only) and never moves the live group's offsets in consumer_offsets.

Variables: HEROES_PG_HOST, HEROES_PGBOUNCER_PORT, HEROES_PG_WRITER_PASSWORD, HEROES_KAFKA_BOOTSTRAP
(default: the running local stack's); AGGREGATOR_REPLAY_GROUPID (default heroes-replay),
AGGREGATOR_REPLAY_CONCURRENCY (consumers, default 3).
USAGE
}

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
  esac
done
if [[ $# -eq 0 ]]; then
  usage >&2
  exit 2
fi
if [[ -z ${HEROES_PG_WRITER_PASSWORD:-} ]]; then
  eval "$("$REPO_ROOT/scripts/stack.sh" env)" || die "HEROES_PG_WRITER_PASSWORD is not set and no local stack runs"
fi
heroes_cli replay "$@"
