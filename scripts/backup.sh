#!/usr/bin/env bash
# Encrypted, verified backups of heroes_in_waiting with retention (docs/operations.md).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/backup-files.sh
source "$REPO_ROOT/scripts/lib/backup-files.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/backup.sh [--keep N] [--max-age DAYS] [--no-retention]

Backs up the database as heroes_backup, straight to PostgreSQL (never through PgBouncer):
pg_dump in custom format and the cluster's roles (pg_dumpall --roles-only --no-role-passwords),
each encrypted with gpg to the recipient named by fingerprint. Every file is written as .partial
and renamed only when every stage succeeded: dump, encryption, the sha256 manifest, and the
verification (pg_restore --list of the dump; and, where the secret key is in GNUPGHOME, of the
decrypted file too). Only then does retention delete backups older than --max-age days, always
keeping the newest --keep. Any failure: exit 1 with a message, nothing promoted, older backups
untouched.

Variables:
  BACKUP_DIR          where backups go (required; created mode 700)
  GPG_RECIPIENT       the recipient key's full fingerprint (required; 40 hex digits)
  GNUPGHOME           gpg's home holding the recipient's public key (gpg's default if unset)
  HEROES_PG_BACKUP_URI  libpq URI of heroes_backup straight to PostgreSQL; default: the running local
                      stack's (scripts/stack.sh env)
  BACKUP_KEEP         as --keep (default 7)       BACKUP_MAX_AGE_DAYS  as --max-age (default 30)

Options:
  --keep N          always keep the newest N verified backups (default 7)
  --max-age DAYS    delete verified backups older than DAYS, beyond the newest N (default 30)
  --no-retention    delete nothing
  -h, --help        this text

A backup is three files sharing a stem heroes_<UTC timestamp>: .dump.gpg, .roles.sql.gpg and
.manifest (sha256 of both). Restore with scripts/restore.sh <BACKUP_DIR>/heroes_<timestamp>.manifest.
USAGE
}

keep=${BACKUP_KEEP:-7}
max_age=${BACKUP_MAX_AGE_DAYS:-30}
retention=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --keep) keep=${2:?--keep needs a number}; shift ;;
    --max-age) max_age=${2:?--max-age needs a number of days}; shift ;;
    --no-retention) retention=0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
[[ $keep =~ ^[1-9][0-9]*$ ]] || die "--keep must be a whole number of at least 1, not '$keep'"
[[ $max_age =~ ^[0-9]+$ ]] || die "--max-age must be a whole number of days, not '$max_age'"
[[ -n ${BACKUP_DIR:-} ]] || die "BACKUP_DIR is not set (see --help)"
[[ ${GPG_RECIPIENT:-} =~ ^[0-9A-Fa-f]{40}$ ]] ||
  die "GPG_RECIPIENT must be the recipient key's full 40-digit fingerprint, not '${GPG_RECIPIENT:-}'"
if [[ -z ${HEROES_PG_BACKUP_URI:-} ]]; then
  eval "$("$REPO_ROOT/scripts/stack.sh" env)" || die "HEROES_PG_BACKUP_URI is not set and no local stack runs"
fi
gpg --batch --list-keys "$GPG_RECIPIENT" >/dev/null 2>&1 ||
  die "no public key $GPG_RECIPIENT in ${GNUPGHOME:-the default gpg home}"

mkdir -p "$BACKUP_DIR"
chmod 700 "$BACKUP_DIR"
stem="$BACKUP_DIR/heroes_$(date -u +%Y%m%dT%H%M%SZ)"
work=$(mktemp -d "$BACKUP_DIR/.work.XXXXXX")
cleanup() {
  rm -rf "$work"
  rm -f "$stem".*.partial
}
trap cleanup EXIT

encrypt() { gpg --batch --yes --quiet --trust-model always --recipient "$GPG_RECIPIENT" --encrypt --output "$1"; }

log "dumping $(backup_target "$HEROES_PG_BACKUP_URI") as heroes_backup"
pg_dump --format=custom --no-password --dbname="$HEROES_PG_BACKUP_URI" --file="$work/db.dump" ||
  die "pg_dump failed; nothing was promoted"
pg_restore --list "$work/db.dump" >"$work/db.list" || die "the dump does not read back; nothing was promoted"
pg_dumpall --roles-only --no-role-passwords --no-password --dbname="$HEROES_PG_BACKUP_URI" \
  >"$work/roles.sql" || die "pg_dumpall --roles-only failed; nothing was promoted"

log "encrypting to $GPG_RECIPIENT"
encrypt "$stem.dump.gpg.partial" <"$work/db.dump" || die "encryption failed; nothing was promoted"
encrypt "$stem.roles.sql.gpg.partial" <"$work/roles.sql" || die "encryption failed; nothing was promoted"
rm -f "$work/db.dump" "$work/roles.sql"

if gpg --batch --list-secret-keys "$GPG_RECIPIENT" >/dev/null 2>&1; then
  log "verifying: decrypt and list"
  gpg --batch --quiet --decrypt --output "$work/check.dump" "$stem.dump.gpg.partial" 2>"$work/check.log" &&
    pg_restore --list "$work/check.dump" >/dev/null 2>>"$work/check.log" ||
    die "the encrypted dump does not decrypt to a readable dump ($(tail -n 1 "$work/check.log")); nothing was promoted"
  rm -f "$work/check.dump"
else
  log "verifying: the secret key is offline, so the dump was listed before encryption"
  gpg --batch --list-packets "$stem.dump.gpg.partial" >/dev/null 2>&1 ||
    die "the encrypted dump is not a readable gpg message; nothing was promoted"
fi

write_manifest "$stem" "$(grep -c '^[0-9]' "$work/db.list")" >"$stem.manifest.partial"
mv "$stem.dump.gpg.partial" "$stem.dump.gpg"
mv "$stem.roles.sql.gpg.partial" "$stem.roles.sql.gpg"
mv "$stem.manifest.partial" "$stem.manifest"
log "backup verified: $stem.manifest"

if [[ $retention -eq 1 ]]; then
  apply_retention "$BACKUP_DIR" "$keep" "$max_age"
fi
echo "$stem.manifest"
