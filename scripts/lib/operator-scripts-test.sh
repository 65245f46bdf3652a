#!/usr/bin/env bash
# The operator's scripts against a running stack, unchanged, each judged by what it does (issue 19: "every script
# works unchanged against either stack"); run by scripts/lib/compose-test.sh on the container stack, after
# `eval "$(scripts/stack.sh env --compose)"`, exactly as an operator runs them:
#   token.sh           a service token the ingest API takes (a roster of its own: a facilitator, classrooms A and B,
#                      a student in A) and a facilitator token the query API takes (200, its two classrooms), and
#                      refuses with its signature changed (401)
#   backfill.sh        an NDJSON file of the student's events in A (and one bad line, rejected): every event counted
#                      (rows and the hourly rollup)
#   replay.sh          every topic from the earliest offset, beside the live aggregator: records read, none
#                      inserted, no count changes
#   redrive.sh         an event of the student naming B while the roster has them in A is a dead letter (ADR 0021);
#                      once the roster moves the student to B, the redrive takes it back and it is stored, once
#   backup.sh          with throwaway GPG keys: encrypted (no pg_dump header in the file), signed, verified
#   forget-student.sh  the student's rows gone from every table, the forgotten_students record and the ledger line
#                      there
#   restore.sh         the backup (taken before the forget) into a new database: the forget ledger re-applied, row
#                      level security checked, every table's row count equal to the live database's; then dropped
# One line `ok - …` per check; on a failure, the script's own output and a line saying what failed.
# Needs the stack's variables (scripts/stack.sh env [--compose]), curl, psql, gpg, java; no other traffic
# while it runs (the counts compared are the whole database's).
#
#   scripts/lib/operator-scripts-test.sh
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"

: "${HEROES_PG_SUPERUSER_URI:?no stack variables: eval \"\$(scripts/stack.sh env [--compose])\" first}"
work=$(mktemp -d /tmp/heroes-operator-scripts.XXXXXX)
chmod 700 "$work"
restored=""
finish() {
  local status=$?
  if [[ -n $restored ]]; then
    psql "$HEROES_PG_SUPERUSER_URI" -X -q -c "DROP DATABASE IF EXISTS \"$restored\" WITH (FORCE)" >/dev/null 2>&1 ||
      true
  fi
  gpgconf --homedir "$work/gnupg" --kill all >/dev/null 2>&1 || true
  rm -rf "$work"
  exit $status
}
trap finish EXIT

fail() {
  echo "operator scripts: FAILED: $*" >&2
  exit 1
}
check_started=$SECONDS
# pass WHAT: one line per check, with its time
pass() {
  echo "operator scripts: ok - $* ($((SECONDS - check_started)) s)"
  check_started=$SECONDS
}
# run LOG SCRIPT ARGS...: one of scripts/, its output into $work/LOG; on failure its tail and the command
run() {
  local name=$1
  shift
  local status=0
  "$REPO_ROOT/scripts/$1" "${@:2}" >"$work/$name.log" 2>&1 || status=$?
  if ((status != 0)); then
    tail -n 25 "$work/$name.log" >&2
    fail "scripts/$* exited $status"
  fi
}
sql() { psql "$HEROES_PG_SUPERUSER_URI" -X -At -v ON_ERROR_STOP=1 -c "$1"; }
uuid() { cat /proc/sys/kernel/random/uuid; }
# post PATH TOKEN BODY: POSTs JSON to the ingest API, prints the HTTP status
post() {
  curl -sS -o "$work/answer.json" -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/json' --data "$3" "$HEROES_INGEST_URL$1"
}
# get PATH TOKEN: GETs from the query API into $work/answer.json, prints the HTTP status
get() {
  curl -sS -o "$work/answer.json" -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $2" "$HEROES_QUERY_URL$1"
}
equals() { [[ $("${@:2}") == "$1" ]]; }

facilitator=$(uuid) classroom_a=$(uuid) classroom_b=$(uuid) student=$(uuid)
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
hour_ago=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
classroom() {
  printf '{"kind":"classroom","eventId":"%s","occurredAt":"%s","classroomId":"%s","facilitatorId":"%s",' \
    "$(uuid)" "$hour_ago" "$1" "$facilitator"
  printf '"name":"Operator %s","classroomCode":"OPS-%s","timeZone":"Europe/London","active":true}' "$2" "$2"
}
student_in() {
  printf '{"kind":"student","eventId":"%s","occurredAt":"%s","studentId":"%s","classroomId":"%s",' \
    "$(uuid)" "$2" "$student" "$1"
  printf '"anonymousId":"hero-ops","active":true}'
}
analytics() {
  printf '{"kind":"analytics","eventId":"%s","classroomId":"%s","occurredAt":"%s","studentId":"%s",' \
    "$2" "$1" "$hour_ago" "$student"
  printf '"eventType":"operator_check","eventCategory":"navigation"}'
}

# token.sh: the service's token writes the roster; the facilitator's reads it back
service_token=$("$REPO_ROOT/scripts/token.sh" --service 2>"$work/token.log") ||
  { cat "$work/token.log" >&2; fail "scripts/token.sh --service"; }
roster="{\"records\":[{\"kind\":\"facilitator\",\"eventId\":\"$(uuid)\",\"occurredAt\":\"$hour_ago\",\
\"facilitatorId\":\"$facilitator\",\"email\":\"operator@school.example\",\"organization\":\"Operator check\",\
\"active\":true},$(classroom "$classroom_a" A),$(classroom "$classroom_b" B),$(student_in "$classroom_a" "$hour_ago")]}"
status=$(post /v1/roster "$service_token" "$roster")
[[ $status == 202 ]] ||
  fail "the ingest API answered $status to the roster with a token.sh --service token: $(cat "$work/answer.json")"
facilitator_token=$("$REPO_ROOT/scripts/token.sh" --facilitator "$facilitator" 2>"$work/token.log") ||
  { cat "$work/token.log" >&2; fail "scripts/token.sh --facilitator"; }
classrooms_listed() {
  [[ $(get /v1/classrooms "$facilitator_token") == 200 ]] && (($(grep -o '"id"' "$work/answer.json" | wc -l) == 2))
}
wait_for 120 "the facilitator's two classrooms" classrooms_listed ||
  fail "the query API does not list the facilitator's two classrooms with a token.sh token: $(cat "$work/answer.json")"
# the same token with its signature's first character changed: refused (the 200 above is the signature's doing)
signature=${facilitator_token##*.}
forged=${facilitator_token%.*}.$([[ ${signature:0:1} == A ]] && echo B || echo A)${signature:1}
status=$(get /v1/classrooms "$forged")
[[ $status == 401 ]] || fail "the query API answered $status to the facilitator token with a changed signature"
pass "token.sh: the ingest API takes its service token (roster 202), the query API its facilitator token" \
  "(200, 2 classrooms; 401 with the signature changed)"

# backfill.sh: a file of the student's events in classroom A, one bad line
events=20
for ((i = 0; i < events; i++)); do
  analytics "$classroom_a" "$(uuid)"
  echo
done >"$work/backfill.ndjson"
echo '{"kind":"analytics","eventId":"not-a-uuid"}' >>"$work/backfill.ndjson"
run backfill backfill.sh "$work/backfill.ndjson" --rejects "$work/backfill.rejects.ndjson"
[[ $(grep -c . "$work/backfill.rejects.ndjson") == 1 ]] ||
  fail "backfill.sh: not one rejected line: $(cat "$work/backfill.rejects.ndjson")"
stored_in_a() { sql "SELECT count(*) FROM analytics_events WHERE classroom_id = '$classroom_a'"; }
counted_in_a() {
  sql "SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup WHERE classroom_id = '$classroom_a'"
}
wait_for 120 "the backfilled events" equals "$events" stored_in_a ||
  fail "backfill.sh: $(stored_in_a) of $events backfilled events stored"
wait_for 60 "the backfilled events' rollup" equals "$events" counted_in_a ||
  fail "backfill.sh: the hourly rollup counts $(counted_in_a) of $events backfilled events"
pass "backfill.sh: $events events stored and counted in the rollup, the bad line in the reject file"

# replay.sh: everything again, beside the live aggregator; nothing counted twice
counts() {
  sql "SELECT (SELECT count(*) FROM analytics_events) || ' ' || (SELECT count(*) FROM student_progress) || ' ' ||
    (SELECT count(*) FROM student_feedback) || ' ' ||
    (SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup)"
}
before=$(counts)
run replay replay.sh --topic all --from earliest
after=$(counts)
summary() { awk -v name="$1" '$0 ~ "^  " name " " {gsub(",", "", $NF); print $NF}' "$work/replay.log"; }
read_again=$(summary read)
((read_again >= events)) || fail "replay.sh read ${read_again:-nothing}, fewer than the $events backfilled events"
[[ $(summary inserted) == 0 ]] || fail "replay.sh inserted $(summary inserted) events that were already stored"
[[ $after == "$before" ]] ||
  fail "replay.sh changed counts (events, progress, feedback, rollup): $before before, $after after"
pass "replay.sh: $read_again records from the earliest offsets, 0 inserted, no count changed" \
  "($before: events, progress, feedback, rollup)"

# redrive.sh: an event naming B while the roster has the student in A is a dead letter; the roster moves the
# student to B; the redrive takes the dead letter back and the event is stored, once
dead_letters() {
  curl -fsS --max-time 10 "$HEROES_AGGREGATOR_URL/actuator/prometheus" |
    awk '/^aggregator_dead_letters_total/ {sum += $2} END {printf "%d", sum}'
}
more_dead_letters() { (($(dead_letters) > $1)); }
redrive_from=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
dead_before=$(dead_letters)
moved_event=$(uuid)
classroom_b_token=$("$REPO_ROOT/scripts/token.sh" --classroom "$classroom_b" 2>"$work/token.log") ||
  { cat "$work/token.log" >&2; fail "scripts/token.sh --classroom"; }
status=$(post /v1/events "$classroom_b_token" "{\"events\":[$(analytics "$classroom_b" "$moved_event")]}")
[[ $status == 202 ]] || fail "the ingest API answered $status to an event of classroom B: $(cat "$work/answer.json")"
wait_for 120 "the dead letter" more_dead_letters "$dead_before" ||
  fail "the aggregator did not dead-letter the event of a student rostered in another classroom"
stored_event() { sql "SELECT count(*) FROM analytics_events WHERE event_id = '$moved_event'"; }
[[ $(stored_event) == 0 ]] || fail "the event of a student rostered elsewhere was stored"
status=$(post /v1/roster "$service_token" "{\"records\":[$(student_in "$classroom_b" "$now")]}")
[[ $status == 202 ]] || fail "the ingest API answered $status to the student's move: $(cat "$work/answer.json")"
in_b() { sql "SELECT classroom_id FROM students WHERE id = '$student'"; }
wait_for 120 "the student's move" equals "$classroom_b" in_b || fail "the roster did not move the student to B"
run redrive redrive.sh --topic heroes.analytics-events.v1 --from "$redrive_from"
grep -q 'examined 1, redriven 1, still failing 0' "$work/redrive.log" ||
  { cat "$work/redrive.log" >&2; fail "redrive.sh did not redrive the one dead letter"; }
wait_for 120 "the redriven event" equals 1 stored_event || fail "the redriven event was not stored"
pass "redrive.sh: the event dead-lettered while its student was rostered elsewhere is stored once the roster" \
  "moved them"

# backup.sh: throwaway keys: the recipient's and a signing key of its own
export GNUPGHOME=$work/gnupg BACKUP_DIR=$work/backups
mkdir -m 700 "$GNUPGHOME"
new_key() { gpg --batch --quiet --passphrase '' --quick-gen-key "$@" 2>/dev/null; }
new_key 'Operator check <check@heroes.invalid>' default default never
new_key 'Operator check signing <signing@heroes.invalid>' ed25519 sign never
fingerprint() { gpg --batch --with-colons --list-keys "$1" 2>/dev/null | awk -F: '$1 == "fpr" {print $10; exit}'; }
export GPG_RECIPIENT HEROES_BACKUP_SIGNING_KEY HEROES_BACKUP_SIGNER
GPG_RECIPIENT=$(fingerprint check@heroes.invalid)
HEROES_BACKUP_SIGNING_KEY=$(fingerprint signing@heroes.invalid)
HEROES_BACKUP_SIGNER=$HEROES_BACKUP_SIGNING_KEY
run backup backup.sh --no-retention
manifest=$(ls "$BACKUP_DIR"/heroes_*.manifest 2>/dev/null) || fail "backup.sh wrote no manifest"
dump=${manifest%.manifest}.dump.gpg
[[ $(head -c 5 "$dump") != PGDMP ]] || fail "backup.sh: the dump is not encrypted"
gpg --batch --list-packets "$dump" 2>/dev/null | grep -q '^:pubkey enc packet:' ||
  fail "backup.sh: the dump is not encrypted to a key"
grep -q 'verifying: decrypt and list' "$work/backup.log" || fail "backup.sh did not verify the dump"
for file in "$dump" "${manifest%.manifest}.roles.sql.gpg" "$manifest"; do
  gpg --batch --quiet --verify "$file.sig" "$file" 2>/dev/null || fail "backup.sh: $file's signature does not verify"
done
pass "backup.sh: encrypted to the recipient, signed, decrypted and listed back ($(basename "$manifest"))"

# forget-student.sh: after the backup, so that the restore must re-apply the ledger
student_rows() {
  sql "SELECT (SELECT count(*) FROM analytics_events WHERE student_id = '$student') +
    (SELECT count(*) FROM students WHERE id = '$student') +
    (SELECT count(*) FROM student_progress WHERE student_id = '$student') +
    (SELECT count(*) FROM student_feedback WHERE student_id = '$student') +
    (SELECT count(*) FROM pending_student_events WHERE student_id = '$student')"
}
rows=$(student_rows)
((rows == events + 2)) || fail "the student has $rows rows before the forget, not $((events + 2))"
run forget forget-student.sh "$student"
[[ $(student_rows) == 0 ]] || fail "forget-student.sh left $(student_rows) rows of the student"
[[ $(sql "SELECT count(*) FROM forgotten_students WHERE student_id = '$student'") == 1 ]] ||
  fail "forget-student.sh: no forgotten_students record"
grep -qF "$student" "$BACKUP_DIR/forgotten-students.ledger" ||
  fail "forget-student.sh: the student is not on the ledger"
pass "forget-student.sh: the student's $rows rows gone, the forgotten_students record and the ledger line there"

# restore.sh: the backup into a new database, the ledger re-applied; the same counts as the live database
table_counts() {
  psql "$1" -X -At -v ON_ERROR_STOP=1 -c "
    SELECT tablename || ' ' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', tablename),
      false, true, '')))[1]::text
    FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
}
restored=heroes_restore_check
run restore restore.sh "$manifest" --target-db "$restored"
grep -q 're-applying the forget ledger' "$work/restore.log" || fail "restore.sh did not re-apply the forget ledger"
restored_uri=$(sed -E "s#/[^/?]*(\?|$)#/$restored\1#" <<<"$HEROES_PG_SUPERUSER_URI")
live=$(table_counts "$HEROES_PG_SUPERUSER_URI")
copy=$(table_counts "$restored_uri")
[[ $copy == "$live" ]] || fail "the restored copy's row counts differ from the live database's:
$(diff <(echo "$live") <(echo "$copy") || true)"
[[ $(psql "$restored_uri" -X -At -c "SELECT count(*) FROM students WHERE id = '$student'") == 0 ]] ||
  fail "restore.sh brought the forgotten student back"
pass "restore.sh: into $restored, the ledger re-applied, row-level security checked," \
  "$(wc -l <<<"$live") tables' row counts equal the live database's"
