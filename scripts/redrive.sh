#!/usr/bin/env bash
# Sends dead letters that pass re-validation now back to their source topics; lists the rest by reason.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/redrive.sh [--topic NAME|all] [--from INSTANT] [--to INSTANT] [--dry-run]
                          [--extra-schemas DIR] [--examples N]

Reads the dead-letter topics (<topic>-dlt) from their start, or from --from, to their end when it
starts, and re-validates each dead letter's original bytes with the aggregator's own checks (schema by
fingerprint, topic, value rules). The ones that pass now go back to the source topic their headers
name, with their original key (acks=all); the rest stay and are listed: a count per reason, with a few
examples as dead-letter-topic-partition@offset and eventId (never a field's value).

No consumer group is used: a dead letter that still fails stays visible to the next redrive, and
running it twice sends the passing ones twice, which the aggregator counts once (by eventId; roster
and progress upserts are latest-wins). Safe while live traffic flows. Deploy the fix to the aggregator
first (e.g. the new schema): a record the aggregator still refuses is dead-lettered again.

  --topic NAME|all     a source topic (e.g. heroes.analytics-events.v1) or all (default)
  --from INSTANT       only dead letters dead-lettered at or after this ISO-8601 instant
  --to INSTANT         only dead letters dead-lettered before this instant
  --dry-run            re-validate and report; send nothing
  --extra-schemas DIR  extra writer schemas (*.avsc), as the aggregator's HEROES_EXTRA_SCHEMAS_DIR
                       (default: that variable)
  --examples N         dead letters shown per reason (default 5)
  -h, --help           this text

Variables: HEROES_KAFKA_BOOTSTRAP (default: the running local stack's), HEROES_EXTRA_SCHEMAS_DIR.
Exit code 0 when every passing dead letter was acknowledged (some may still fail: see the list),
2 on bad arguments or a Kafka failure (one line on stderr).
USAGE
}

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
  esac
done

if [[ -z ${HEROES_KAFKA_BOOTSTRAP:-} ]]; then
  load_stack_env || die "HEROES_KAFKA_BOOTSTRAP is not set and no local stack runs"
fi
heroes_cli redrive "$@"
