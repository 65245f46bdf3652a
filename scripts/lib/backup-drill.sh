#!/usr/bin/env bash
# The restore drill of scripts/test.sh: on a throwaway stack, two migrators at once, data loaded, a signed backup
# with throwaway GPG keys, a restore into a new database that must equal the original table by table and keep
# row-level security, a restore that re-applies the forget ledger by itself; then every forged backup restore.sh
# must refuse before it touches the cluster, the failures that must never promote a backup (a kill -9 mid-dump
# leaving no plaintext), retention, and no password on any command line while backup.sh and restore.sh run.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=backup-files.sh
source "$REPO_ROOT/scripts/lib/backup-files.sh"
# shellcheck source=cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"
# shellcheck source=pgpass.sh
source "$REPO_ROOT/scripts/lib/pgpass.sh"

drill=$(mktemp -d /tmp/heroes-drill.XXXXXX)
chmod 755 "$drill"
export HEROES_STACK_DIR="$drill/stack" GNUPGHOME="$drill/gnupg" BACKUP_DIR="$drill/backups"
export HEROES_PG_PORT=35432 HEROES_PGBOUNCER_PORT=36432 HEROES_KAFKA_PORT=39092 HEROES_KAFKA_CONTROLLER_PORT=39093
# backup.sh and restore.sh get a TMPDIR of their own, so that the drill can search it for plaintext
scratch="$drill/tmp"
mkdir -m 700 "$scratch"
sampler=""
finish() {
  [[ -z $sampler ]] || kill "$sampler" 2>/dev/null || true
  "$REPO_ROOT/scripts/stack.sh" down >/dev/null 2>&1 || true
  rm -rf "$drill"
}
trap finish EXIT
fail() { die "restore drill: $*"; }
pass() { log "restore drill: ok - $*"; }
backup() { TMPDIR="$scratch" "$REPO_ROOT/scripts/backup.sh" "$@"; }
restore() { TMPDIR="$scratch" "$REPO_ROOT/scripts/restore.sh" "$@"; }

"$REPO_ROOT/scripts/stack.sh" up --infra-only
eval "$("$REPO_ROOT/scripts/stack.sh" env)"
# the drill's own psql finds its passwords in a password file too
pgpass_begin "$drill"
admin=$(pgpass_uri "$HEROES_PG_SUPERUSER_URI")
writer=$(pgpass_uri "$HEROES_PG_WRITER_URI")
sql() { psql "$1" -X -q -At -v ON_ERROR_STOP=1 -c "$2"; }
db_uri() { sed -E "s#/[^/?]*(\?|$)#/$2\1#" <<<"$1"; }

# No password on a command line: every process's command line is sampled while backup.sh and restore.sh run.
secrets="$drill/secrets"
(umask 077 && for uri in "$HEROES_PG_SUPERUSER_URI" "$HEROES_PG_OWNER_URI" "$HEROES_PG_WRITER_URI" \
  "$HEROES_PG_READER_URI" "$HEROES_PG_BACKUP_URI"; do sed -nE 's#^[a-z]+://[^:/]+:([^@]+)@.*#\1#p' <<<"$uri"; done >"$secrets")
[[ $(grep -c . "$secrets") -eq 5 ]] || fail "the stack's URIs do not all carry a password"
# leaking_processes: one pass over /proc/*/cmdline, naming each process whose command line holds a password
leaking_processes() {
  local file pid
  { grep -l -a -F -f "$secrets" /proc/[0-9]*/cmdline 2>/dev/null || true; } | while IFS= read -r file; do
    pid=${file#/proc/}
    pid=${pid%/cmdline}
    printf '%s (pid %s)\n' "$(cat "/proc/$pid/comm" 2>/dev/null || echo gone)" "$pid"
  done
}
start_sampling() {
  : >"$drill/leaks"
  touch "$drill/sampling"
  (while [[ -e $drill/sampling ]]; do leaking_processes >>"$drill/leaks"; sleep 0.1; done) &
  sampler=$!
}
stop_sampling() {
  rm -f "$drill/sampling"
  wait "$sampler" || true
  sampler=""
  [[ ! -s $drill/leaks ]] || fail "$1: a password was on the command line of $(sort -u "$drill/leaks" | tr '\n' ' ')"
  pass "$1: no password on any command line (sampled every process's while it ran)"
}
# the sampler sees what it looks for: a process with a password among its arguments
bash -c 'sleep 30; :' probe "$(head -n 1 "$secrets")" &
probe=$!
sees_probe() { leaking_processes | grep -qF "(pid $probe)"; }
wait_for 10 "the sampler" sees_probe || fail "the sampler does not see a password in a command line"
kill "$probe"
wait "$probe" 2>/dev/null || true

# 1. Two migrators at once: every migration applied exactly once, by one of them. Flyway locks per migration, so
# the two may share the list (one applying the first ones, the other the rest) or one may find nothing to do.
heroes_cli migrate >"$drill/migrate-1.log" 2>&1 &
first=$!
heroes_cli migrate >"$drill/migrate-2.log" 2>&1 || fail "the second migrator failed: $(cat "$drill/migrate-2.log")"
wait "$first" || fail "the first migrator failed: $(cat "$drill/migrate-1.log")"
applied=$(sql "$admin" "SELECT count(*) FROM flyway_schema_history WHERE success")
distinct=$(sql "$admin" "SELECT count(DISTINCT version) FROM flyway_schema_history WHERE success")
[[ $applied -eq $distinct && $applied -ge 4 ]] || fail "migrations applied $applied times for $distinct versions"
by_first=$(sed -nE 's/^([0-9]+) migration.*/\1/p' "$drill/migrate-1.log" | tail -n 1)
by_second=$(sed -nE 's/^([0-9]+) migration.*/\1/p' "$drill/migrate-2.log" | tail -n 1)
[[ -n $by_first && -n $by_second && $((by_first + by_second)) -eq $distinct ]] ||
  fail "the two migrators applied '$by_first' and '$by_second' of $distinct migrations: $(cat "$drill/migrate-1.log" "$drill/migrate-2.log")"
pass "two migrators at once applied each of $distinct migrations once"

# 2. Data of two facilitators, written as the aggregator writes: heroes_writer through PgBouncer.
psql "$writer" -X -q -v ON_ERROR_STOP=1 <<'SQL'
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

# 3. Throwaway keys: the recipient's (its secret key here, as on a restore host), the backup signing key (pinned
# as the signer), and an intruder's in the same keyring. A backup, a restore into a new database.
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'Heroes restore drill <drill@heroes.invalid>' default default never
gpg --batch --quiet --passphrase '' --quick-gen-key 'Heroes backup signing drill <signing@heroes.invalid>' ed25519 sign never
gpg --batch --quiet --passphrase '' --quick-gen-key 'Intruder <intruder@heroes.invalid>' ed25519 sign never
fingerprint() { gpg --batch --with-colons --list-keys "$1" | awk -F: '$1 == "fpr" {print $10; exit}'; }
export GPG_RECIPIENT HEROES_BACKUP_SIGNING_KEY HEROES_BACKUP_SIGNER
GPG_RECIPIENT=$(fingerprint drill@heroes.invalid)
HEROES_BACKUP_SIGNING_KEY=$(fingerprint signing@heroes.invalid)
HEROES_BACKUP_SIGNER=$HEROES_BACKUP_SIGNING_KEY
intruder=$(fingerprint intruder@heroes.invalid)
start_sampling
manifest=$(backup)
stop_sampling "backup.sh"
[[ -f $manifest ]] || fail "backup.sh printed no manifest"
start_sampling
restore "$manifest" --target-db heroes_drill
stop_sampling "restore.sh"
restored=$(db_uri "$admin" heroes_drill)
checksums() {
  psql "$1" -X -q -At -v ON_ERROR_STOP=1 -c "
    SELECT tablename || ' ' || (xpath('/row/c/text()', query_to_xml(format(
             'SELECT count(*) || '':'' || coalesce(md5(string_agg(t::text, ''|'' ORDER BY t::text)), '''') AS c FROM %I t',
             tablename), false, true, '')))[1]::text
    FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history' ORDER BY tablename"
}
diff <(checksums "$admin") <(checksums "$restored") || fail "the restored copy differs from the original"
pass "every table's row count and checksum equal in the restored copy"

# 4. Isolation holds in the restored copy, as heroes_reader.
reader=$(pgpass_uri "$(sed -E "s#@[^/]+/[^?]*#@127.0.0.1:$HEROES_PG_PORT/heroes_drill#" <<<"$HEROES_PG_READER_URI")")
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

# 4b. A student forgotten after the backup: the backup still holds them, and restore.sh itself re-applies the
# ledger beside the backups before it reports success, so the restored copy never holds them.
holding() {
  psql "$1" -X -q -At -v ON_ERROR_STOP=1 -c "
    SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml(format(
             'SELECT count(*) AS n FROM %I t WHERE t::text LIKE %L', tablename, '%$2%'), false, true, '')))[1]
             ::text::bigint), 0)
    FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('flyway_schema_history', 'forgotten_students')"
}
student=$(sql "$admin" "SELECT id FROM students s WHERE EXISTS
  (SELECT 1 FROM student_feedback f WHERE f.student_id = s.id) ORDER BY id LIMIT 1")
[[ $(holding "$admin" "$student") -ge 3 ]] || fail "the drill's student has too few rows to forget"
"$REPO_ROOT/scripts/forget-student.sh" "$student" >"$drill/forget.log" 2>&1 ||
  fail "forget-student.sh failed: $(cat "$drill/forget.log")"
[[ $(holding "$admin" "$student") -eq 0 ]] || fail "rows still hold the forgotten student"
grep -qxF "$student" "$BACKUP_DIR/forgotten-students.ledger" || fail "the ledger beside the backups lacks the student"
[[ $(holding "$(db_uri "$admin" heroes_drill)" "$student") -ge 3 ]] ||
  fail "the copy restored before the forget should still hold the student"
start_sampling
restore "$manifest" --target-db heroes_drill_forget >"$drill/restore-forget.log" 2>&1 ||
  fail "the restore of the backup taken before the forget failed: $(tail -n 5 "$drill/restore-forget.log")"
stop_sampling "restore.sh re-applying the forget ledger"
copy=$(db_uri "$admin" heroes_drill_forget)
[[ $(holding "$copy" "$student") -eq 0 ]] ||
  fail "the restored copy holds the student forgotten after the backup: restore.sh did not re-apply the ledger"
[[ $(sql "$copy" "SELECT count(*) FROM forgotten_students WHERE student_id = '$student'") -eq 1 ]] ||
  fail "the restored copy's forgotten_students lacks the student"
grep -q "forget ledger re-applied: 1 student(s) forgotten" "$drill/restore-forget.log" ||
  fail "restore.sh does not report the ledger's re-apply: $(grep -i ledger "$drill/restore-forget.log" | tail -n 2)"
pass "restore.sh re-applied the forget ledger: the student forgotten after the backup is not in the restored copy"

# 4c. Forged backups: restore.sh refuses each before it changes anything in the cluster (roles, memberships, role
# settings, databases), and heroes_reader never gains BYPASSRLS.
second=$(backup --no-retention)
genuine_roles=$(gpg --batch --quiet --decrypt "${manifest%.manifest}.roles.sql.gpg")
cluster_state() {
  psql "$admin" -X -q -At -v ON_ERROR_STOP=1 \
    -c "SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls,
               rolconnlimit FROM pg_roles ORDER BY 1" \
    -c "SELECT roleid::regrole || ' > ' || member::regrole FROM pg_auth_members ORDER BY 1" \
    -c "SELECT setrole || ' ' || array_to_string(setconfig, ',') FROM pg_db_role_setting ORDER BY 1" \
    -c "SELECT datname FROM pg_database ORDER BY 1"
}
# forge CASE MANIFEST: a copy of the backup's files (signatures included) and of the ledger, in a folder of its own
forge() {
  local dir="$drill/forged/$1" source=${2%.manifest}
  mkdir -p "$dir"
  cp "$source".* "$BACKUP_DIR/forgotten-students.ledger" "$dir/"
  printf '%s/%s.manifest' "$dir" "$(basename "$source")"
}
# with_roles MANIFEST SQL: the roles file replaced, encrypted with the recipient's public key (what anyone can do)
with_roles() {
  gpg --batch --yes --quiet --trust-model always --recipient "$GPG_RECIPIENT" --encrypt \
    --output "${1%.manifest}.roles.sql.gpg" <<<"$2"
}
# resum MANIFEST: the manifest's sums rewritten for the files now beside it (what anyone can do)
resum() {
  local manifest=$1 stem=${1%.manifest} name
  {
    head -n 1 "$manifest"
    for name in dump.gpg roles.sql.gpg; do
      printf '%s  %s\n' "$(sha256sum "$stem.$name" | cut -d' ' -f1)" "$(basename "$stem.$name")"
    done
  } >"$manifest.new"
  mv "$manifest.new" "$manifest"
}
# sign_as MANIFEST FINGERPRINT: each file and the manifest signed again, by that key
sign_as() {
  local stem=${1%.manifest} name
  for name in dump.gpg roles.sql.gpg manifest; do
    gpg --batch --yes --quiet --local-user "$2!" --detach-sign --output "$stem.$name.sig" "$stem.$name"
  done
}
# expect_refused WHAT MANIFEST REASON [RESTORE OPTIONS...]: restore.sh fails, for REASON (an extended regex of its
# message), and the cluster is as it was
expect_refused() {
  local what=$1 forged=$2 reason=$3 before after
  shift 3
  before=$(cluster_state)
  if restore "$forged" --target-db heroes_forged "$@" >"$drill/refused.log" 2>&1; then
    fail "$what: restore.sh restored it"
  fi
  after=$(cluster_state)
  [[ $after == "$before" ]] ||
    fail "$what: restore.sh changed the cluster before it failed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | tr '\n' ' ')"
  [[ $(sql "$admin" "SELECT rolbypassrls FROM pg_roles WHERE rolname = 'heroes_reader'") == f ]] ||
    fail "$what: heroes_reader has BYPASSRLS"
  grep -qiE "$reason" "$drill/refused.log" ||
    fail "$what: refused, but not for the reason expected ($reason): $(tail -n 3 "$drill/refused.log")"
  pass "$what: refused, the cluster untouched ($(grep ERROR "$drill/refused.log" | tail -n 1 | cut -c1-140))"
}
bypass_roles=$(sed -E 's/^(ALTER ROLE heroes_reader WITH .*)NOBYPASSRLS/\1BYPASSRLS/' <<<"$genuine_roles")
[[ $bypass_roles != "$genuine_roles" ]] || fail "the drill's forgery of the roles file changed nothing: $genuine_roles"

forged=$(forge reported "$manifest")
with_roles "$forged" "$bypass_roles"
resum "$forged"
expect_refused "the reported attack: a roles file granting heroes_reader BYPASSRLS, encrypted with the public key, sums rewritten" \
  "$forged" "signature"

forged=$(forge intruder "$manifest")
with_roles "$forged" "$bypass_roles"
resum "$forged"
sign_as "$forged" "$intruder"
expect_refused "the same forgery signed by another key of the keyring" "$forged" "signature"

forged=$(forge unsigned "$manifest")
rm -f "${forged%.manifest}".*.sig
expect_refused "a genuine backup without its signatures" "$forged" "signature"

forged=$(forge swapped "$manifest")
cp "${second%.manifest}.dump.gpg" "${forged%.manifest}.dump.gpg"
cp "${second%.manifest}.dump.gpg.sig" "${forged%.manifest}.dump.gpg.sig"
resum "$forged"
expect_refused "a dump swapped in from another genuine backup, with its signature, sums rewritten" "$forged" "signature"

forged=$(forge renamed "$manifest")
for suffix in dump.gpg dump.gpg.sig roles.sql.gpg roles.sql.gpg.sig manifest manifest.sig; do
  cp "${second%.manifest}.$suffix" "${forged%.manifest}.$suffix"
done
expect_refused "another genuine backup under this one's name" "$forged" "manifest"

# The signing key itself compromised is out of scope, but a validly signed roles file still passes only the
# allow-list: the four roles, known attributes, nothing else.
allow_list_case() {
  local what=$1 roles=$2 forged
  forged=$(forge "allow-list-$3" "$manifest")
  with_roles "$forged" "$roles"
  resum "$forged"
  sign_as "$forged" "$HEROES_BACKUP_SIGNING_KEY"
  expect_refused "validly signed, $what" "$forged" "roles file"
}
allow_list_case "heroes_reader with BYPASSRLS" "$bypass_roles" bypassrls
allow_list_case "heroes_writer a SUPERUSER" \
  "$(sed -E 's/^(ALTER ROLE heroes_writer WITH )NOSUPERUSER/\1SUPERUSER/' <<<"$genuine_roles")" superuser
allow_list_case "a role of its own" \
  "$genuine_roles"$'\n'"CREATE ROLE intruder;"$'\n'"ALTER ROLE intruder WITH SUPERUSER LOGIN;" role
allow_list_case "a membership" "$genuine_roles"$'\n'"GRANT pg_read_all_data TO heroes_reader;" membership
allow_list_case "a role setting" "$genuine_roles"$'\n'"ALTER ROLE heroes_reader SET row_security TO off;" setting
allow_list_case "another statement" "$genuine_roles"$'\n'"CREATE DATABASE intruder;" statement
expect_refused "a genuine backup without its forget ledger" "$manifest" "ledger" --ledger "$drill/no-such.ledger"

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
# pg_dump killed midway: its output cut after 4 KiB, and the process dies of SIGKILL, as when the OOM killer or an
# operator stops it.
/usr/bin/pg_dump "$@" | head -c 4096
kill -9 $$
FAKE
chmod +x "$drill/fakebin/pg_dump"
expect_failure "pg_dump killed midway" env PATH="$drill/fakebin:$PATH" TMPDIR="$scratch" "$REPO_ROOT/scripts/backup.sh"
expect_failure "a wrong password" env HEROES_PG_BACKUP_URI="$(sed -E 's#(//[^:]+:)[^@]*@#\1wrong@#' <<<"$HEROES_PG_BACKUP_URI")" \
  TMPDIR="$scratch" "$REPO_ROOT/scripts/backup.sh"
expect_failure "a missing recipient key" env GPG_RECIPIENT=0123456789ABCDEF0123456789ABCDEF01234567 \
  TMPDIR="$scratch" "$REPO_ROOT/scripts/backup.sh"
expect_failure "a missing signing key" env HEROES_BACKUP_SIGNING_KEY=0123456789ABCDEF0123456789ABCDEF01234567 \
  TMPDIR="$scratch" "$REPO_ROOT/scripts/backup.sh"
expect_failure "the recipient's key as the signing key" env HEROES_BACKUP_SIGNING_KEY="$GPG_RECIPIENT" \
  TMPDIR="$scratch" "$REPO_ROOT/scripts/backup.sh"

# 5b. backup.sh killed with SIGKILL, its whole process group, while pg_dump runs: no plaintext dump anywhere.
mkdir "$drill/slowbin"
cat >"$drill/slowbin/pg_dump" <<'FAKE'
#!/usr/bin/env bash
# a long dump: the real one runs, then it keeps its output open as if more were coming
/usr/bin/pg_dump "$@"
touch "$DRILL_DUMPED"
sleep 600
FAKE
chmod +x "$drill/slowbin/pg_dump"
export DRILL_DUMPED="$drill/dumped"
PATH="$drill/slowbin:$PATH" TMPDIR="$scratch" setsid "$REPO_ROOT/scripts/backup.sh" >"$drill/killed.log" 2>&1 &
killed=$!
wait_for 120 "the dump under way" test -e "$DRILL_DUMPED" || fail "the slow dump never ran: $(cat "$drill/killed.log")"
kill -KILL -- "-$(ps -o pgid= "$killed" | tr -d ' ')"
wait "$killed" 2>/dev/null || true
plaintext=$(grep -rlF -D skip --binary-files=text 'PGDMP' "$BACKUP_DIR" "$scratch" 2>/dev/null || true)
[[ -z $plaintext ]] || fail "backup.sh killed mid-dump left a plaintext dump: $plaintext"
[[ $(find "$BACKUP_DIR" -maxdepth 1 -name '*.manifest' -newer "$DRILL_DUMPED" | wc -l) -eq 0 ]] ||
  fail "backup.sh killed mid-dump promoted a backup"
pass "backup.sh killed mid-dump (SIGKILL): no plaintext dump in the backup folder or TMPDIR, nothing promoted"
backup --no-retention >/dev/null
leftovers=$(find "$BACKUP_DIR" -mindepth 1 \( -name '.work.*' -o -name '*.partial' \))
[[ -z $leftovers ]] || fail "the next backup left what the killed one had written: $leftovers"
pass "the next backup removed what the killed one had left"

# 6. Retention keeps the newest N even when all are older than the age limit.
old="$drill/old-backups"
mkdir "$old"
for day in 01 02 03 04 05; do
  for suffix in dump.gpg dump.gpg.sig roles.sql.gpg roles.sql.gpg.sig manifest manifest.sig; do
    touch -d "2020-01-$day" "$old/heroes_202001${day}T000000Z.$suffix"
  done
done
apply_retention "$old" 3 30 2>/dev/null
left=$(find "$old" -name '*.manifest' -printf '%f\n' | sort | tr '\n' ' ')
[[ $left == "heroes_20200103T000000Z.manifest heroes_20200104T000000Z.manifest heroes_20200105T000000Z.manifest " ]] ||
  fail "retention left: $left"
[[ $(find "$old" -type f | wc -l) -eq 18 ]] || fail "retention left stray files: $(find "$old" -type f -name 'heroes_2020010[12]*')"
pass "retention kept the newest 3 of 5 backups all older than 30 days, signatures included"
log "restore drill: all passed"
