#!/usr/bin/env bash
# Takes a verified backup, then runs the Flyway migrations as heroes_owner straight to PostgreSQL.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/migrate.sh [--no-backup]

First takes a verified, signed backup with scripts/backup.sh (BACKUP_DIR, GPG_RECIPIENT and
HEROES_BACKUP_SIGNING_KEY must be set, see scripts/backup.sh --help), so a migration can be rolled back by restoring it (docs/operations.md);
then runs the Flyway migrations of the schemas module as heroes_owner straight to PostgreSQL, never
through PgBouncer. Two migrators at once are safe: Flyway holds an advisory lock, so one migrates and
the other waits, then finds nothing to do.

  --no-backup   skip the backup (a database with nothing to lose, such as a new one)
  -h, --help    this text

Variables: HEROES_PG_HOST, HEROES_PG_PORT, HEROES_PG_OWNER_PASSWORD (default: the running local
stack's), and those of scripts/backup.sh.
USAGE
}

backup=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --no-backup) backup=0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
if [[ -z ${HEROES_PG_OWNER_PASSWORD:-} ]]; then
  eval "$("$REPO_ROOT/scripts/stack.sh" env)" || die "HEROES_PG_OWNER_PASSWORD is not set and no local stack runs"
fi
if [[ $backup -eq 1 ]]; then
  log "backing up before migrating"
  "$REPO_ROOT/scripts/backup.sh" --no-retention >/dev/null || die "no verified backup, so no migration"
fi
log "migrating"
heroes_cli migrate
