#!/usr/bin/env bash
# Forgets a student for good (right to be forgotten): every table and rollup, and never again (ADR 0011).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

LEDGER_NAME=forgotten-students.ledger

usage() {
  cat <<'USAGE'
Usage: scripts/forget-student.sh STUDENT_ID... [--ledger FILE | --no-ledger] [--target-db NAME] [--verbose]
       scripts/forget-student.sh --reapply FILE [--target-db NAME] [--verbose]

Forgets students (children's privacy, the right to be forgotten), with the aggregator's own code run
in-process by the operator CLI, one transaction per student as heroes_writer through PgBouncer:
  1. the id goes on forgotten_students, which the aggregator consults in every batch, so a replay, a
     backfill or a dead-letter redrive never brings the student back;
  2. the student's rows are deleted from analytics_events, student_progress, student_feedback,
     pending_student_events (events held for the roster), students;
  3. the rollups of the classrooms those rows touched are rebuilt from the raw rows (ADR 0008);
  4. after the database, a tombstone is written for the student's key on the compacted roster topic
     (heroes.roster.v1), so Kafka drops the student's roster record too (ADR 0022).
Before the database, the id is appended to the ledger beside the backups (forced to disk): backups
taken earlier still hold the student, and scripts/restore.sh re-applies the ledger (--reapply) to every copy.
Prints per student the rows removed per table and the rollup rows changed; nothing but the anonymous id.
Forgetting twice is harmless.

  STUDENT_ID        the student's id (UUID); several allowed
  --ledger FILE     the ledger to append to (default: $BACKUP_DIR/forgotten-students.ledger)
  --no-ledger       append to no ledger (a test copy; a restore would bring the student back)
  --reapply FILE    forget again every id in the ledger FILE (scripts/restore.sh does, docs/operations.md)
  --target-db NAME  work on database NAME straight to PostgreSQL (HEROES_PG_PORT) instead of
                    heroes_in_waiting through PgBouncer: a restored copy before it is switched over
  --verbose         the aggregator's logs at INFO
  -h, --help        this text

Exit: 0 done; 2 with one line on a bad id or flag (nothing done, the bad value is never echoed) or on a
failure (that student's transaction rolled back; run it again, it is idempotent).
While a forget runs, live batches wait (a scan of analytics_events): seconds on a large table.
Kafka's event and dead-letter topics and the backups still hold the student until their retention ends
(docs/operations.md, "Forgetting a student"); the aggregator drops the student's records whenever they are read.
Variables: BACKUP_DIR (the ledger's folder), HEROES_PG_HOST, HEROES_PGBOUNCER_PORT, HEROES_PG_PORT,
HEROES_PG_WRITER_PASSWORD, HEROES_KAFKA_BOOTSTRAP (default: the running local stack's). The password reaches the
aggregator's code through the environment, never a command line.
USAGE
}

args=()
ledger=""
no_ledger=0
reapply=0
target=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --ledger) ledger=${2:?--ledger needs a file}; shift ;;
    --no-ledger) no_ledger=1 ;;
    --reapply) reapply=1; args+=(--reapply "${2:?--reapply needs a ledger file}"); shift ;;
    --target-db) target=${2:?--target-db needs a database name}; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
if [[ $reapply -eq 0 && $no_ledger -eq 0 ]]; then
  if [[ -z $ledger ]]; then
    [[ -n ${BACKUP_DIR:-} ]] ||
      die "no ledger: set BACKUP_DIR (the ledger goes beside the backups), or --ledger FILE, or --no-ledger"
    ledger="$BACKUP_DIR/$LEDGER_NAME"
  fi
  args=(--ledger "$ledger" "${args[@]}")
fi
if [[ -z ${HEROES_PG_WRITER_PASSWORD:-} ]]; then
  eval "$("$REPO_ROOT/scripts/stack.sh" env)" || die "HEROES_PG_WRITER_PASSWORD is not set and no local stack runs"
fi
if [[ -n $target ]]; then
  [[ $target =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "--target-db must be a plain lower-case name, not '$target'"
  # Spring Boot's environment outranks the aggregator's configuration file: straight to PostgreSQL
  export SPRING_DATASOURCE_URL="jdbc:postgresql://${HEROES_PG_HOST:-127.0.0.1}:${HEROES_PG_PORT:-15432}/$target?prepareThreshold=0"
fi
heroes_cli forget-student "${args[@]}"
