#!/usr/bin/env bash
# Restores a backup of scripts/backup.sh into a new database and proves it (docs/operations.md, docs/adr/0022).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/backup-files.sh
source "$REPO_ROOT/scripts/lib/backup-files.sh"
# shellcheck source=lib/pgpass.sh
source "$REPO_ROOT/scripts/lib/pgpass.sh"
# shellcheck source=lib/jwt-keys.sh
source "$REPO_ROOT/scripts/lib/jwt-keys.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/restore.sh BACKUP [--target-db NAME] [--force] [--ledger FILE]

BACKUP is a backup's .manifest (or its stem, heroes_<timestamp>). Before it decrypts anything or touches the
cluster, the script verifies the signature of the manifest and of every file against the pinned signer
(HEROES_BACKUP_SIGNER: a good signature by any other key is refused), that the manifest names exactly this
backup's files and that their sha256 sums hold; it decrypts the roles file and parses it against the roles
allow-list (the four roles of the design, known attributes, nothing else: SUPERUSER, BYPASSRLS but for
heroes_backup, other roles, memberships, settings and any other statement are refused). Then it creates only
the roles the cluster lacks, with those attributes and no password (an existing role is never altered), restores
into a NEW database owned by heroes_owner (the dump decrypted in a stream, never on disk) with every grant and
row-level-security policy of the dump, grants CONNECT as the bootstrap does, re-applies the forget ledger (every
student forgotten since the backup is forgotten again in the copy; if that fails the copy is dropped), runs
query-service's start-up check of the reader role against the copy (not superuser, no BYPASSRLS, owns nothing,
every readable table under forced RLS), and prints the row count of every table.

  --target-db NAME   the database to restore into (default heroes_restore_<UTC timestamp>)
  --force            drop and replace NAME if it exists (never the default)
  --ledger FILE      the forget ledger (default: forgotten-students.ledger beside the manifest, where
                     scripts/backup.sh keeps it); a restore without one is refused
  -h, --help         this text

Variables:
  HEROES_BACKUP_SIGNER      the backup signing key's full fingerprint (required; 40 hex digits); its public key
                            must be in GNUPGHOME
  GNUPGHOME                 gpg's home holding the recipient's secret key and the signer's public key
  HEROES_PG_SUPERUSER_URI   libpq URI of a superuser straight to PostgreSQL (creates the database, restores
                            ownership); default: the running local stack's. Passwords in URIs go to a password
                            file, never to a command line
  HEROES_PG_READER_PASSWORD heroes_reader's password, for the row-level-security check
  HEROES_PG_WRITER_PASSWORD heroes_writer's password, and HEROES_KAFKA_BOOTSTRAP: the ledger's re-apply
                            (scripts/forget-student.sh --reapply)
(query-service runs the check with a throwaway public key of its own: no token key is needed)
USAGE
}

backup=""
target="heroes_restore_$(date -u +%Y%m%dT%H%M%SZ)"
force=0
ledger=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --target-db) target=${2:?--target-db needs a name}; shift ;;
    --force) force=1 ;;
    --ledger) ledger=${2:?--ledger needs a file}; shift ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) [[ -z $backup ]] || die "one backup at a time"; backup=$1 ;;
  esac
  shift
done
[[ -n $backup ]] || { usage >&2; exit 2; }
[[ $target =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "--target-db must be a plain lower-case name, not '$target'"
[[ ${HEROES_BACKUP_SIGNER:-} =~ ^[0-9A-Fa-f]{40}$ ]] ||
  die "HEROES_BACKUP_SIGNER must be the backup signing key's full 40-digit fingerprint, not '${HEROES_BACKUP_SIGNER:-}'"
manifest=${backup%.manifest}.manifest
stem=${manifest%.manifest}
ledger=${ledger:-$(dirname "$manifest")/$LEDGER_NAME}
[[ -f $ledger ]] || die "no forget ledger at $ledger: a restore without it could bring forgotten students back;
  name it with --ledger FILE (scripts/backup.sh keeps it beside the backups)"

log "verifying $manifest and every file of it against the signer $HEROES_BACKUP_SIGNER"
verify_backup "$manifest" "$HEROES_BACKUP_SIGNER"
roles=$(gpg --batch --quiet --decrypt "$stem.roles.sql.gpg") ||
  die "cannot decrypt $stem.roles.sql.gpg (is the secret key in ${GNUPGHOME:-the default gpg home}?)"
wanted_roles=$(roles_parse <<<"$roles") || die "the roles file of $stem is refused; nothing was changed"

if [[ -z ${HEROES_PG_SUPERUSER_URI:-} ]]; then
  eval "$("$REPO_ROOT/scripts/stack.sh" env)" || die "HEROES_PG_SUPERUSER_URI is not set and no local stack runs"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pgpass_begin "$work"
admin_uri=$(pgpass_uri "$HEROES_PG_SUPERUSER_URI")
target_uri=$(sed -E "s#/[^/?]*(\?|$)#/$target\1#" <<<"$admin_uri")
host_port=$(sed -E 's#^[a-z]+://[^@]*@([^/]+)/.*#\1#' <<<"$admin_uri")
psql_admin() { psql "$admin_uri" -X -q -v ON_ERROR_STOP=1 "$@"; }

exists=$(psql_admin -At -c "SELECT 1 FROM pg_database WHERE datname = '$target'")
[[ -z $exists || $force -eq 1 ]] || die "database $target exists; choose another --target-db, or --force to replace it"

# From here on the cluster changes: only roles it lacks are created, with the allow-list's attributes.
existing=$(psql_admin -At -c "SELECT rolname FROM pg_roles")
while read -r role login inherit bypass limit; do
  if [[ -z $role ]] || grep -qxF "$role" <<<"$existing"; then
    continue
  fi
  log "creating the missing role $role ($login $inherit $bypass, no password: set it as the bootstrap does)"
  psql_admin -c "CREATE ROLE $role WITH NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION $login $inherit $bypass CONNECTION LIMIT $limit"
done <<<"$wanted_roles"

if [[ -n $exists ]]; then
  log "dropping $target (--force)"
  psql_admin -c "DROP DATABASE \"$target\" WITH (FORCE)"
fi
log "restoring into $target"
psql_admin -c "CREATE DATABASE \"$target\" OWNER heroes_owner"
gpg --batch --quiet --decrypt "$stem.dump.gpg" | pg_restore --exit-on-error --no-password --dbname="$target_uri" ||
  die "pg_restore failed; $target is incomplete and should be dropped"
psql_admin -c "REVOKE ALL ON DATABASE \"$target\" FROM PUBLIC" \
  -c "GRANT CONNECT ON DATABASE \"$target\" TO heroes_writer, heroes_reader, heroes_backup"

# The backup may predate forgets: every id of the ledger is forgotten again, before anything reads the copy.
if grep -qvE '^[[:space:]]*(#.*)?$' "$ledger"; then
  log "re-applying the forget ledger $ledger to $target"
  if ! HEROES_PG_HOST=${host_port%:*} HEROES_PG_PORT=${host_port##*:} \
    "$REPO_ROOT/scripts/forget-student.sh" --reapply "$ledger" --target-db "$target" >"$work/reapply.log" 2>&1; then
    tail -n 20 "$work/reapply.log" >&2
    psql_admin -c "DROP DATABASE \"$target\" WITH (FORCE)" || true
    die "re-applying the forget ledger failed; $target was dropped (it could hold forgotten students)"
  fi
  log "forget ledger re-applied: $(tail -n 1 "$work/reapply.log")"
else
  log "forget ledger re-applied: it lists no student ($ledger)"
fi

log "checking row-level security of $target as heroes_reader (query-service's start-up check)"
run_reader_check() {
  local jar="$REPO_ROOT/query-service/target/query-service-0.1.0-SNAPSHOT-exec.jar" pid
  [[ -f $jar ]] || (cd "$REPO_ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true -pl query-service -am package)
  # query-service refuses to start when the check fails; started means it passed. Then it is stopped. The
  # connection comes through the environment, never the command line. query-service needs an issuer's public
  # keys to start: a throwaway key pair's, deleted with $work (no token key is needed)
  jwt_keys_generate "$work/jwt" || return 1
  HEROES_JWT_JWK_SET="$work/jwt/jwk-set.json" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://$host_port/$target?prepareThreshold=0" \
    SPRING_DATASOURCE_USERNAME=heroes_reader \
    SPRING_DATASOURCE_PASSWORD="${HEROES_PG_READER_PASSWORD:?HEROES_PG_READER_PASSWORD is not set}" \
    java -Xmx256m -jar "$jar" --server.port=0 >"$work/reader-check.log" 2>&1 &
  pid=$!
  local deadline=$((SECONDS + 300))
  until grep -q 'Started QueryApplication' "$work/reader-check.log"; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS > deadline)); then
      kill "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 1
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}
run_reader_check || { tail -n 30 "$work/reader-check.log" >&2; die "the restored copy fails the row-level-security check"; }

log "restored $stem into $target; rows per table:"
psql "$target_uri" -X -q -P pager=off -v ON_ERROR_STOP=1 -c "
  SELECT tablename AS table_name,
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', tablename), false, true, '')))[1]
           ::text::bigint AS row_count
  FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
