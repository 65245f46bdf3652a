#!/usr/bin/env bash
# Loads historical events from an NDJSON file (optionally gzip) onto the Kafka topics (contract §6).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/backfill.sh FILE [--resume] [--rejects PATH] [--checkpoint PATH] [--max-rate LINES]
                           [--checkpoint-every LINES] [--kafka-bootstrap HOST:PORT]
                           [--max-future-skew DURATION] [--retention-age DURATION]
                           [--delivery-timeout DURATION]

Loads events from FILE onto the topics: one event a line, each line one item of POST /v1/events
(kind analytics, progress or feedback), plain or gzip (told by the content). Every line is validated
by the ingest API's own code, refusing events older than the retention age as it does (the aggregator
deletes and skips those; docs/data-retention.md) and, unlike it, fields a kind does not have (the reject
file is where a misspelt field shows; ADR 0024), and produced with the
same topic, key and encoding (acks=all, idempotent). Roster kinds are rejected (they go through POST /v1/roster); blank
lines are skipped; a line that is not valid JSON is rejected.

  --rejects PATH            rejected lines, {"line": N, "reasons": [...], "eventId": ...} each
                            (default FILE.rejects.ndjson)
  --checkpoint PATH         the checkpoint (default: the reject file's path + .checkpoint)
  --resume                  continue an interrupted run from its checkpoint: no gaps, no duplicate
                            rejects; lines after the checkpoint are sent again and count once
                            downstream (the aggregator stores each eventId once)
  --checkpoint-every LINES  lines between checkpoints (default 10000)
  --max-rate LINES          the most lines a second, to spare live traffic (default 0: no limit)
  --kafka-bootstrap H:P     default HEROES_KAFKA_BOOTSTRAP, else the running local stack's
  --max-future-skew D       as the ingest API's ingest.limits.max-future-skew (default PT5M)
  --retention-age D         lines whose occurredAt is older go to the reject file; must equal the
                            aggregator's aggregator.retention.age (default HEROES_RETENTION_AGE, else P400D)
  --delivery-timeout D      how long Kafka may take to acknowledge an event (default PT2M)
  -h, --help                this text

Progress goes to stderr, the summary (lines sent, rejected, blank, skipped) to stdout. Exit 0 once
the whole file is done, rejects included; 2 on a failure, with one line saying why (an existing
checkpoint without --resume, Kafka not acknowledging: fix the cause and run again with --resume).
See docs/operations.md, "Backfill".
USAGE
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac
bootstrap_given=0
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --kafka-bootstrap|--kafka-bootstrap=*) bootstrap_given=1 ;;
  esac
done

if [[ -z ${HEROES_KAFKA_BOOTSTRAP:-} && $bootstrap_given -eq 0 ]]; then
  load_stack_env || die "HEROES_KAFKA_BOOTSTRAP is not set and no local stack runs"
fi
heroes_cli backfill "$@"
