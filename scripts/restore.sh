#!/usr/bin/env bash
# Restores a backup of scripts/backup.sh into a new database and proves it (docs/operations.md).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/backup-files.sh
source "$REPO_ROOT/scripts/lib/backup-files.sh"
# shellcheck source=lib/jwt-keys.sh
source "$REPO_ROOT/scripts/lib/jwt-keys.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/restore.sh BACKUP [--target-db NAME] [--force]

BACKUP is a backup's .manifest (or its stem, heroes_<timestamp>). The script checks the manifest's
sha256 sums, decrypts with the secret key in GNUPGHOME, re-applies the cluster's roles (existing
roles keep their passwords; new ones get none until the operator sets them), restores into a NEW
database owned by heroes_owner with every grant and row-level-security policy of the dump, grants
CONNECT as the bootstrap does, runs query-service's start-up check of the reader role against the
copy (not superuser, no BYPASSRLS, owns nothing, every readable table under forced RLS), and prints
the row count of every table.

  --target-db NAME   the database to restore into (default heroes_restore_<UTC timestamp>)
  --force            drop and replace NAME if it exists (never the default)
  -h, --help         this text

Variables:
  GNUPGHOME                 gpg's home holding the recipient's secret key
  HEROES_PG_SUPERUSER_URI   libpq URI of a superuser straight to PostgreSQL (creates the database,
                            restores ownership); default: the running local stack's
  HEROES_PG_READER_PASSWORD heroes_reader's password, for the row-level-security check
(query-service runs the check with a throwaway public key of its own: no token key is needed)
USAGE
}

backup=""
target="heroes_restore_$(date -u +%Y%m%dT%H%M%SZ)"
force=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --target-db) target=${2:?--target-db needs a name}; shift ;;
    --force) force=1 ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) [[ -z $backup ]] || die "one backup at a time"; backup=$1 ;;
  esac
  shift
done
[[ -n $backup ]] || { usage >&2; exit 2; }
[[ $target =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "--target-db must be a plain lower-case name, not '$target'"
manifest=${backup%.manifest}.manifest
stem=${manifest%.manifest}
if [[ -z ${HEROES_PG_SUPERUSER_URI:-} ]]; then
  eval "$("$REPO_ROOT/scripts/stack.sh" env)" || die "HEROES_PG_SUPERUSER_URI is not set and no local stack runs"
fi
admin_uri=$HEROES_PG_SUPERUSER_URI
target_uri=$(sed -E "s#/[^/?]*(\?|$)#/$target\1#" <<<"$admin_uri")
psql_admin() { psql "$admin_uri" -X -q -v ON_ERROR_STOP=1 "$@"; }

log "checking $manifest"
check_manifest "$manifest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gpg --batch --quiet --decrypt --output "$work/db.dump" "$stem.dump.gpg" ||
  die "cannot decrypt $stem.dump.gpg (is the secret key in ${GNUPGHOME:-the default gpg home}?)"
gpg --batch --quiet --decrypt --output "$work/roles.sql" "$stem.roles.sql.gpg" ||
  die "cannot decrypt $stem.roles.sql.gpg"

log "re-applying roles"
existing=$(psql_admin -At -c "SELECT rolname FROM pg_roles")
grep -vxF -f <(sed 's/.*/CREATE ROLE &;/' <<<"$existing") "$work/roles.sql" | psql_admin >/dev/null ||
  die "re-applying the roles failed"

exists=$(psql_admin -At -c "SELECT 1 FROM pg_database WHERE datname = '$target'")
if [[ -n $exists ]]; then
  [[ $force -eq 1 ]] || die "database $target exists; choose another --target-db, or --force to replace it"
  log "dropping $target (--force)"
  psql_admin -c "DROP DATABASE \"$target\" WITH (FORCE)"
fi
log "restoring into $target"
psql_admin -c "CREATE DATABASE \"$target\" OWNER heroes_owner"
pg_restore --exit-on-error --no-password --dbname="$target_uri" "$work/db.dump" ||
  die "pg_restore failed; $target is incomplete and should be dropped"
psql_admin -c "REVOKE ALL ON DATABASE \"$target\" FROM PUBLIC" \
  -c "GRANT CONNECT ON DATABASE \"$target\" TO heroes_writer, heroes_reader, heroes_backup"

log "checking row-level security of $target as heroes_reader (query-service's start-up check)"
run_reader_check() {
  local jar="$REPO_ROOT/query-service/target/query-service-0.1.0-SNAPSHOT-exec.jar" host_port pid
  [[ -f $jar ]] || (cd "$REPO_ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true -pl query-service -am package)
  host_port=$(sed -E 's#^[a-z]+://[^@]*@([^/]+)/.*#\1#' <<<"$admin_uri")
  # query-service refuses to start when the check fails; started means it passed. Then it is stopped.
  # query-service needs an issuer's public keys to start: a throwaway key pair's, deleted with $work
  jwt_keys_generate "$work/jwt" || return 1
  java -Xmx256m -jar "$jar" --server.port=0 --heroes.jwt.jwk-set="$work/jwt/jwk-set.json" \
    --spring.datasource.url="jdbc:postgresql://$host_port/$target?prepareThreshold=0" \
    --spring.datasource.username=heroes_reader \
    --spring.datasource.password="${HEROES_PG_READER_PASSWORD:?HEROES_PG_READER_PASSWORD is not set}" \
    >"$work/reader-check.log" 2>&1 &
  pid=$!
  local deadline=$((SECONDS + 120))
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
