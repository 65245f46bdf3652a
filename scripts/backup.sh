#!/usr/bin/env bash
# Encrypted, signed, verified backups of heroes_in_waiting with retention (docs/operations.md, docs/adr/0022).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/backup-files.sh
source "$REPO_ROOT/scripts/lib/backup-files.sh"
# shellcheck source=lib/pgpass.sh
source "$REPO_ROOT/scripts/lib/pgpass.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/backup.sh [--keep N] [--max-age DAYS] [--no-retention]

Backs up the database as heroes_backup, straight to PostgreSQL (never through PgBouncer): pg_dump in custom
format streamed into gpg, encrypted to the recipient named by fingerprint, so no plaintext dump ever touches
the disk (not even when the script is killed); the dump's table of contents is read back from the same stream
(pg_restore --list). Then the four roles of the design with their attributes (the roles allow-list of
scripts/lib/backup-files.sh; a role outside it fails the backup), encrypted likewise; a manifest of both
files' sha256 sums; and a detached signature of each of the three by the backup signing key, which
scripts/restore.sh verifies against the pinned signer before it decrypts anything. Where the recipient's secret
key is in GNUPGHOME, the encrypted dump is also decrypted and listed, in a stream. Files are written in a work
folder inside BACKUP_DIR and moved into place only when every stage succeeded. Only then does retention delete
backups older than --max-age days, always keeping the newest --keep. Any failure: exit 1 with a message,
nothing promoted, older backups untouched. The next run removes what a killed run left.

Variables:
  BACKUP_DIR                 where backups go (required; created mode 700); the forget ledger lives here too
  GPG_RECIPIENT              the recipient key's full fingerprint (required; 40 hex digits)
  HEROES_BACKUP_SIGNING_KEY  the backup signing key's full fingerprint (required; 40 hex digits): a key of its
                             own, never the recipient's, its secret key in GNUPGHOME (used unattended)
  GNUPGHOME                  gpg's home: the recipient's public key and the signing key (gpg's default if unset)
  HEROES_PG_BACKUP_URI       libpq URI of heroes_backup straight to PostgreSQL; default: the running local
                             stack's (scripts/stack.sh env). A password in it goes to a password file, never to
                             a command line; better, leave it out and keep it in ~/.pgpass
  BACKUP_KEEP                as --keep (default 7)       BACKUP_MAX_AGE_DAYS  as --max-age (default 30)

Options:
  --keep N          always keep the newest N verified backups (default 7)
  --max-age DAYS    delete verified backups older than DAYS, beyond the newest N (default 30)
  --no-retention    delete nothing
  -h, --help        this text

A backup is six files sharing a stem heroes_<UTC timestamp>: .dump.gpg, .roles.sql.gpg, .manifest (sha256 of
both) and a .sig of each. Restore with scripts/restore.sh <BACKUP_DIR>/heroes_<timestamp>.manifest.
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
[[ ${HEROES_BACKUP_SIGNING_KEY:-} =~ ^[0-9A-Fa-f]{40}$ ]] ||
  die "HEROES_BACKUP_SIGNING_KEY must be the signing key's full 40-digit fingerprint, not '${HEROES_BACKUP_SIGNING_KEY:-}'"
recipient=${GPG_RECIPIENT^^}
signer=${HEROES_BACKUP_SIGNING_KEY^^}
[[ $signer != "$recipient" ]] ||
  die "HEROES_BACKUP_SIGNING_KEY is the recipient's key: backups are signed by a key of their own"
if [[ -z ${HEROES_PG_BACKUP_URI:-} ]]; then
  eval "$("$REPO_ROOT/scripts/stack.sh" env)" || die "HEROES_PG_BACKUP_URI is not set and no local stack runs"
fi
gpg --batch --list-keys "$recipient" >/dev/null 2>&1 ||
  die "no public key $recipient in ${GNUPGHOME:-the default gpg home}"
gpg --batch --list-secret-keys "$signer" >/dev/null 2>&1 ||
  die "no secret signing key $signer in ${GNUPGHOME:-the default gpg home}"

mkdir -p "$BACKUP_DIR"
chmod 700 "$BACKUP_DIR"
# what a killed run left (its work folder names its pid): removed once that process is gone
for stale in "$BACKUP_DIR"/.work.*; do
  [[ -d $stale ]] || continue
  pid=${stale##*/.work.}
  pid=${pid%%.*}
  if [[ $pid =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null; then
    log "removing what an interrupted backup (pid $pid) left: $stale"
    rm -rf "$stale"
  fi
done
name="heroes_$(date -u +%Y%m%dT%H%M%SZ)"
work=$(mktemp -d "$BACKUP_DIR/.work.$$.XXXXXX")
lister=""
cleanup() {
  [[ -z $lister ]] || kill "$lister" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
pgpass_begin "$work"
backup_uri=$(pgpass_uri "$HEROES_PG_BACKUP_URI")

encrypt() { gpg --batch --yes --quiet --trust-model always --recipient "$recipient" --encrypt --output "$1"; }
sign() { gpg --batch --yes --quiet --local-user "$signer!" --detach-sign --output "$1.sig" "$1"; }

log "dumping $(backup_target "$backup_uri") as heroes_backup, encrypting to $recipient as it goes"
# The dump goes through a pipe into gpg; a FIFO hands the same stream to pg_restore --list, which reads the
# table of contents and then drains the rest. pipefail fails the pipeline if pg_dump, tee or gpg fails.
mkfifo "$work/toc"
(pg_restore --list >"$work/db.list" 2>"$work/list.log" && cat >/dev/null) <"$work/toc" &
lister=$!
pg_dump --format=custom --no-password --dbname="$backup_uri" | tee "$work/toc" | encrypt "$work/$name.dump.gpg" ||
  die "pg_dump or its encryption failed; nothing was promoted"
wait "$lister" || die "the dump does not read back ($(tail -n 1 "$work/list.log")); nothing was promoted"
lister=""
entries=$(grep -c '^[0-9]' "$work/db.list") || die "the dump lists no entry; nothing was promoted"

roles=$(psql "$backup_uri" -X -q -At -v ON_ERROR_STOP=1 -c "$ROLES_QUERY") || die "reading the roles failed; nothing was promoted"
# a role outside the allow-list would never restore, and someone changed it: fail now, while the cluster shows how
(roles_parse <<<"$roles" >/dev/null) ||
  die "a role of the cluster is outside the roles allow-list (above): look at the cluster; nothing was promoted"
encrypt "$work/$name.roles.sql.gpg" <<<"$roles" || die "encryption failed; nothing was promoted"

if gpg --batch --list-secret-keys "$recipient" >/dev/null 2>&1; then
  log "verifying: decrypt and list, in a stream"
  gpg --batch --quiet --decrypt "$work/$name.dump.gpg" 2>"$work/check.log" |
    { pg_restore --list >/dev/null 2>>"$work/check.log" && cat >/dev/null; } ||
    die "the encrypted dump does not decrypt to a readable dump ($(tail -n 1 "$work/check.log")); nothing was promoted"
else
  log "verifying: the secret key is offline, so the dump was listed on its way into gpg"
  gpg --batch --list-packets "$work/$name.dump.gpg" >/dev/null 2>&1 ||
    die "the encrypted dump is not a readable gpg message; nothing was promoted"
fi

write_manifest "$work" "$name" "$entries" >"$work/$name.manifest"
log "signing with $signer"
for file in "${BACKUP_PARTS[@]}" manifest; do
  sign "$work/$name.$file" || die "signing failed; nothing was promoted"
done
(verify_backup "$work/$name.manifest" "$signer") || die "the backup does not verify against its own signer; nothing was promoted"

# the manifest last: a backup is complete once its manifest is in place
for file in "${BACKUP_FILES[@]}"; do
  mv "$work/$name.$file" "$BACKUP_DIR/$name.$file"
done
ledger="$BACKUP_DIR/$LEDGER_NAME"
if [[ ! -e $ledger ]]; then
  printf '# forgotten students (scripts/forget-student.sh), one anonymous id a line; restore.sh re-applies them.\n# Keep as long as the oldest backup, never edit by hand.\n' >"$ledger"
fi
log "backup verified and signed: $BACKUP_DIR/$name.manifest"

if [[ $retention -eq 1 ]]; then
  apply_retention "$BACKUP_DIR" "$keep" "$max_age"
fi
echo "$BACKUP_DIR/$name.manifest"
