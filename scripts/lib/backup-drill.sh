#!/usr/bin/env bash
# The restore drill of scripts/test.sh: on a throwaway stack, two migrators at once, data loaded, a backup
# with a throwaway GPG key, a restore into a new database that must equal the original table by table
# and keep row-level security; then the failures that must never promote a backup, and retention.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=backup-files.sh
source "$REPO_ROOT/scripts/lib/backup-files.sh"
# shellcheck source=cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

drill=$(mktemp -d /tmp/heroes-drill.XXXXXX)
chmod 755 "$drill"
export HEROES_STACK_DIR="$drill/stack" GNUPGHOME="$drill/gnupg" BACKUP_DIR="$drill/backups"
export HEROES_PG_PORT=35432 HEROES_PGBOUNCER_PORT=36432 HEROES_KAFKA_PORT=39092 HEROES_KAFKA_CONTROLLER_PORT=39093
finish() {
  "$REPO_ROOT/scripts/stack.sh" down >/dev/null 2>&1 || true
  rm -rf "$drill"
}
trap finish EXIT
fail() { die "restore drill: $*"; }
pass() { log "restore drill: ok - $*"; }

"$REPO_ROOT/scripts/stack.sh" up --infra-only
eval "$("$REPO_ROOT/scripts/stack.sh" env)"
sql() { psql "$1" -X -q -At -v ON_ERROR_STOP=1 -c "$2"; }
db_uri() { sed -E "s#/[^/?]*(\?|$)#/$2\1#" <<<"$1"; }

# 1. Two migrators at once: one migrates, the other waits and finds nothing to do.
heroes_cli migrate >"$drill/migrate-1.log" 2>&1 &
first=$!
heroes_cli migrate >"$drill/migrate-2.log" 2>&1 || fail "the second migrator failed: $(cat "$drill/migrate-2.log")"
wait "$first" || fail "the first migrator failed: $(cat "$drill/migrate-1.log")"
applied=$(sql "$HEROES_PG_SUPERUSER_URI" "SELECT count(*) FROM flyway_schema_history WHERE success")
distinct=$(sql "$HEROES_PG_SUPERUSER_URI" "SELECT count(DISTINCT version) FROM flyway_schema_history WHERE success")
[[ $applied -eq $distinct && $applied -ge 4 ]] || fail "migrations applied $applied times for $distinct versions"
grep -q "^0 migration" "$drill/migrate-1.log" "$drill/migrate-2.log" ||
  fail "neither migrator found nothing to do: $(cat "$drill/migrate-1.log" "$drill/migrate-2.log")"
pass "two migrators at once applied each of $distinct migrations once"

# 2. Data of two facilitators, written as the aggregator writes: heroes_writer through PgBouncer.
psql "$HEROES_PG_WRITER_URI" -X -q -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO facilitators (id, email, organization, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-0000000000f1', 'a@school.example', 'District', now(), now()),
  ('00000000-0000-4000-8000-0000000000f2', 'b@school.example', 'District', now(), now());
INSERT INTO classrooms (id, facilitator_id, name, classroom_code, created_at, updated_at)
SELECT ('00000000-0000-4000-8000-0000000000c' || n)::uuid,
       CASE WHEN n <= 2 THEN '00000000-0000-4000-8000-0000000000f1'::uuid ELSE '00000000-0000-4000-8000-0000000000f2'::uuid END,
       'Class ' || n, 'CODE-' || n, now(), now()
FROM generate_series(1, 4) n;
INSERT INTO students (id, classroom_id, anonymous_id, created_at, updated_at)
SELECT gen_random_uuid(), ('00000000-0000-4000-8000-0000000000c' || (1 + s % 4))::uuid, 'hero-' || s, now(), now()
FROM generate_series(1, 100) s;
INSERT INTO analytics_events (event_id, classroom_id, student_id, event_type, event_category, event_value, properties, "timestamp")
SELECT gen_random_uuid(), ('00000000-0000-4000-8000-0000000000c' || (1 + e % 4))::uuid, NULL,
       'quiz_answered', 'assessment', (e % 7)::double precision / 3, jsonb_build_object('n', e::text),
       now() - make_interval(mins => e)
FROM generate_series(1, 5000) e;
INSERT INTO student_progress (student_id, lesson_id, classroom_id, completion_status, event_id, updated_at)
SELECT s.id, l, s.classroom_id, 'completed', gen_random_uuid(), now() FROM students s, generate_series(1, 3) l;
INSERT INTO student_feedback (event_id, classroom_id, student_id, lesson_id, feedback_type, rating, created_at)
SELECT gen_random_uuid(), s.classroom_id, s.id, 1, 'lesson_rating', 1 + abs(hashtext(s.anonymous_id)) % 5, now() FROM students s;
INSERT INTO classroom_rollup (classroom_id, student_count, active_students)
SELECT classroom_id, count(*), count(*) FROM students GROUP BY classroom_id;
SQL
pass "data loaded"

# 3. A throwaway key, a backup, a restore into a new database.
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'Heroes restore drill <drill@heroes.invalid>' default default never
export GPG_RECIPIENT
GPG_RECIPIENT=$(gpg --batch --with-colons --list-keys drill@heroes.invalid | awk -F: '$1 == "fpr" {print $10; exit}')
manifest=$("$REPO_ROOT/scripts/backup.sh")
[[ -f $manifest ]] || fail "backup.sh printed no manifest"
"$REPO_ROOT/scripts/restore.sh" "$manifest" --target-db heroes_drill
restored=$(db_uri "$HEROES_PG_SUPERUSER_URI" heroes_drill)
checksums() {
  psql "$1" -X -q -At -v ON_ERROR_STOP=1 -c "
    SELECT tablename || ' ' || (xpath('/row/c/text()', query_to_xml(format(
             'SELECT count(*) || '':'' || coalesce(md5(string_agg(t::text, ''|'' ORDER BY t::text)), '''') AS c FROM %I t',
             tablename), false, true, '')))[1]::text
    FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history' ORDER BY tablename"
}
diff <(checksums "$HEROES_PG_SUPERUSER_URI") <(checksums "$restored") || fail "the restored copy differs from the original"
pass "every table's row count and checksum equal in the restored copy"

# 4. Isolation holds in the restored copy, as heroes_reader.
reader=$(sed -E "s#@[^/]+/[^?]*#@127.0.0.1:$HEROES_PG_PORT/heroes_drill#" <<<"$HEROES_PG_READER_URI")
readable=$(sql "$restored" "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND has_table_privilege('heroes_reader', c.oid, 'SELECT')")
[[ $(wc -w <<<"$readable") -ge 11 ]] || fail "heroes_reader can read only: $readable"
for table in $readable; do
  [[ $(sql "$reader" "SELECT count(*) FROM $table") -eq 0 ]] || fail "heroes_reader reads $table without a facilitator"
done
own=$(psql "$reader" -X -q -At -v ON_ERROR_STOP=1 <<'SQL'
BEGIN;
SELECT set_config('app.facilitator_id', '00000000-0000-4000-8000-0000000000f1', true) \g /dev/null
SELECT count(*) FILTER (WHERE facilitator_id <> '00000000-0000-4000-8000-0000000000f1') || ' ' || count(*) FROM classrooms;
COMMIT;
SQL
)
[[ $own == "0 2" ]] || fail "facilitator 1 sees '$own' (foreign, all) classrooms in the restored copy, not '0 2'"
pass "isolation holds in the restored copy ($(wc -w <<<"$readable") readable tables, none without a facilitator)"

# 4b. Forgetting a student after the backup: the backup still holds them; restored, the runbook's re-apply of
# the ledger beside the backups (scripts/forget-student.sh --reapply) forgets them again in the copy.
holding() {
  psql "$1" -X -q -At -v ON_ERROR_STOP=1 -c "
    SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml(format(
             'SELECT count(*) AS n FROM %I t WHERE t::text LIKE %L', tablename, '%$2%'), false, true, '')))[1]
             ::text::bigint), 0)
    FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('flyway_schema_history', 'forgotten_students')"
}
student=$(sql "$HEROES_PG_SUPERUSER_URI" "SELECT id FROM students s WHERE EXISTS
  (SELECT 1 FROM student_feedback f WHERE f.student_id = s.id) ORDER BY id LIMIT 1")
[[ $(holding "$HEROES_PG_SUPERUSER_URI" "$student") -ge 3 ]] || fail "the drill's student has too few rows to forget"
"$REPO_ROOT/scripts/forget-student.sh" "$student" >"$drill/forget.log" 2>&1 ||
  fail "forget-student.sh failed: $(cat "$drill/forget.log")"
[[ $(holding "$HEROES_PG_SUPERUSER_URI" "$student") -eq 0 ]] || fail "rows still hold the forgotten student"
grep -qxF "$student" "$BACKUP_DIR/forgotten-students.ledger" || fail "the ledger beside the backups lacks the student"
"$REPO_ROOT/scripts/restore.sh" "$manifest" --target-db heroes_drill_forget >"$drill/restore-forget.log" 2>&1 ||
  fail "the second restore failed: $(tail -n 5 "$drill/restore-forget.log")"
copy=$(db_uri "$HEROES_PG_SUPERUSER_URI" heroes_drill_forget)
[[ $(holding "$copy" "$student") -ge 3 ]] || fail "the backup taken before the forget should still hold the student"
"$REPO_ROOT/scripts/forget-student.sh" --reapply "$BACKUP_DIR/forgotten-students.ledger" \
  --target-db heroes_drill_forget >"$drill/reapply.log" 2>&1 || fail "the re-apply failed: $(cat "$drill/reapply.log")"
[[ $(holding "$copy" "$student") -eq 0 ]] || fail "rows of the restored copy hold the student after the re-apply"
[[ $(sql "$copy" "SELECT count(*) FROM forgotten_students WHERE student_id = '$student'") -eq 1 ]] ||
  fail "the restored copy's forgotten_students lacks the student"
pass "a student forgotten after the backup is gone from the restored copy once the ledger is re-applied"

# 5. Failures never promote a backup and leave the earlier ones intact.
snapshot() { find "$BACKUP_DIR" -mindepth 1 | sort | xargs -r sha256sum | sed "s#$BACKUP_DIR##"; }
before=$(snapshot)
expect_failure() {
  local what=$1
  shift
  if "$@" >"$drill/failure.log" 2>&1; then fail "$what: backup.sh succeeded"; fi
  [[ $(snapshot) == "$before" ]] || fail "$what: the backup folder changed"
  pass "$what: non-zero exit ($(tail -n 1 "$drill/failure.log" | cut -c1-100)), nothing promoted"
}
mkdir "$drill/fakebin"
cat >"$drill/fakebin/pg_dump" <<'FAKE'
#!/usr/bin/env bash
# pg_dump killed midway: the real one writes its file, which is then cut to half, and the process dies
# of SIGKILL, as when the OOM killer or an operator stops it.
/usr/bin/pg_dump "$@" || exit
for arg in "$@"; do
  if [[ $arg == --file=* ]]; then truncate -s $(( $(stat -c %s "${arg#--file=}") / 2 )) "${arg#--file=}"; fi
done
kill -9 $$
FAKE
chmod +x "$drill/fakebin/pg_dump"
expect_failure "pg_dump killed midway" env PATH="$drill/fakebin:$PATH" "$REPO_ROOT/scripts/backup.sh"
expect_failure "a wrong password" env HEROES_PG_BACKUP_URI="$(sed -E 's#(//[^:]+:)[^@]*@#\1wrong@#' <<<"$HEROES_PG_BACKUP_URI")" \
  "$REPO_ROOT/scripts/backup.sh"
expect_failure "a missing recipient key" env GPG_RECIPIENT=0123456789ABCDEF0123456789ABCDEF01234567 \
  "$REPO_ROOT/scripts/backup.sh"

# 6. Retention keeps the newest N even when all are older than the age limit.
old="$drill/old-backups"
mkdir "$old"
for day in 01 02 03 04 05; do
  for suffix in dump.gpg roles.sql.gpg manifest; do touch -d "2020-01-$day" "$old/heroes_202001${day}T000000Z.$suffix"; done
done
apply_retention "$old" 3 30 2>/dev/null
left=$(find "$old" -name '*.manifest' -printf '%f\n' | sort | tr '\n' ' ')
[[ $left == "heroes_20200103T000000Z.manifest heroes_20200104T000000Z.manifest heroes_20200105T000000Z.manifest " ]] ||
  fail "retention left: $left"
[[ $(find "$old" -type f | wc -l) -eq 9 ]] || fail "retention left stray files"
pass "retention kept the newest 3 of 5 backups all older than 30 days"
log "restore drill: all passed"
