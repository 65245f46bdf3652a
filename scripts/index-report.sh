#!/usr/bin/env bash
# The DBA plan's "monitor index usage": per index its size, scans and tuples read, unused and redundant ones flagged.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/pgpass.sh
source "$REPO_ROOT/scripts/lib/pgpass.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/index-report.sh [--flagged] [--csv]

Prints every index of the heroes_in_waiting database with its size, how often it was scanned, and the
tuples those scans read and fetched (pg_stat_user_indexes, counted since the statistics were last
reset; the reset time is printed first), and flags:
  unused          never scanned, and not there to enforce uniqueness
  duplicate of X  the same method, columns, expressions, predicate and operator classes as index X
  prefix of X     a non-unique btree whose columns lead index X's: X can answer its queries too
A flag is a question to look into, not a verdict: statistics of a fresh or restored database are empty,
and contract §5 keeps the plan's 18 index names even where a project index covers one (docs/operations.md).
An index of the partitioned analytics_events is one row: its partitions' indexes summed.

  --flagged   only the flagged indexes
  --csv       comma-separated, with a header line, for a spreadsheet or a diff between two runs
  -h, --help  this text

Connects as HEROES_PG_OWNER_URI (default: the running local stack's, from scripts/stack.sh env).
USAGE
}

flagged_only=false
format=table
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --flagged) flagged_only=true ;;
    --csv) format=csv ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
if [[ -z ${HEROES_PG_OWNER_URI:-} ]]; then
  eval "$("$REPO_ROOT/scripts/stack.sh" env)" || die "HEROES_PG_OWNER_URI is not set and no local stack runs"
fi
command -v psql >/dev/null || die "psql is needed (Debian package postgresql-client-15)"
# the owner's password reaches psql through a password file of this run, never its command line
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pgpass_begin "$work"
owner_uri="$(pgpass_uri "$HEROES_PG_OWNER_URI")"

# One row per index; the indexes of a partitioned table's partitions (analytics_events, V7) are summed into the
# parent's index they belong to, so each of the plan's names is one row whatever the number of months. indkey lists the key and INCLUDE columns by number, so equal indkey, expressions,
# predicate, operator classes and method mean the same index; a btree's indkey that starts another's is a prefix.
INDEX_REPORT=$(cat <<'SQL'
WITH per_partition AS (
    SELECT coalesce(pg_partition_root(s.indexrelid), s.indexrelid) AS indexrelid,
           s.idx_scan, s.idx_tup_read, s.idx_tup_fetch, pg_relation_size(s.indexrelid) AS bytes
    FROM pg_stat_user_indexes s
    WHERE s.schemaname = 'public'
), idx AS (
    SELECT t.relname AS table_name, c.relname AS index_name, p.indexrelid, i.indrelid,
           i.indkey::text AS keys, i.indclass::text AS opclasses, i.indisunique AS is_unique, am.amname AS method,
           coalesce(pg_get_expr(i.indexprs, i.indrelid), '') AS exprs,
           coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS pred,
           sum(p.idx_scan) AS idx_scan, sum(p.idx_tup_read) AS idx_tup_read, sum(p.idx_tup_fetch) AS idx_tup_fetch,
           sum(p.bytes) AS bytes
    FROM per_partition p
    JOIN pg_index i ON i.indexrelid = p.indexrelid
    JOIN pg_class c ON c.oid = p.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_am am ON am.oid = c.relam
    GROUP BY t.relname, c.relname, p.indexrelid, i.indrelid, i.indkey, i.indclass, i.indisunique, am.amname,
             i.indexprs, i.indpred
), flagged AS (
    SELECT a.*, concat_ws('; ',
        CASE WHEN a.idx_scan = 0 AND NOT a.is_unique THEN 'unused' END,
        (SELECT 'duplicate of ' || string_agg(b.index_name, ', ' ORDER BY b.index_name)
         FROM idx b
         WHERE b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid AND b.keys = a.keys
           AND b.exprs = a.exprs AND b.pred = a.pred AND b.opclasses = a.opclasses AND b.method = a.method),
        (SELECT 'prefix of ' || string_agg(b.index_name, ', ' ORDER BY b.index_name)
         FROM idx b
         WHERE b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid AND NOT a.is_unique
           AND a.method = 'btree' AND b.method = 'btree' AND a.exprs = '' AND b.exprs = ''
           AND a.pred = '' AND b.pred = '' AND b.keys LIKE a.keys || ' %')) AS flags
    FROM idx a
)
SELECT table_name AS "table", index_name AS "index", pg_size_pretty(bytes) AS size, bytes,
       idx_scan AS scans, idx_tup_read AS tuples_read, idx_tup_fetch AS tuples_fetched, flags
FROM flagged
WHERE NOT :'flagged_only'::boolean OR flags <> ''
ORDER BY table_name, index_name
SQL
)

STATS_SINCE="SELECT coalesce(stats_reset::text, 'the database''s creation') FROM pg_stat_database WHERE datname = current_database()"

psql_format=()
if [[ $format == csv ]]; then
  psql_format=(--csv)
else
  echo "Index usage since $(psql "$owner_uri" -X -q -At -v ON_ERROR_STOP=1 -c "$STATS_SINCE"):"
fi
psql "$owner_uri" -X -q -v ON_ERROR_STOP=1 -v flagged_only="$flagged_only" -P pager=off \
  "${psql_format[@]}" -P footer=off <<<"$INDEX_REPORT"
