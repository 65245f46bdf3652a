#!/usr/bin/env bash
# The main job on a fresh machine: build, start the local stack, send a simulated school term through
# the ingest API, wait until it has landed, and print what the dashboard shows.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/pgpass.sh
source "$REPO_ROOT/scripts/lib/pgpass.sh"
# shellcheck source=lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/demo.sh [--compose | --citus] [--no-build] [--stop] [simulate-term options]

Builds the project, starts the local stack (scripts/stack.sh up: PostgreSQL, PgBouncer, Kafka and the
three services), sends a simulated school term (over 100 000 events by default) through the ingest API
with a progress bar — among its clients a classroom offline for 10 days that syncs at the end, a tablet on
a newer app that sends a field the service does not know, a tablet whose clock is 3 hours fast, and
classrooms in UTC, America/New_York and Asia/Kolkata —, waits until the query API answers exactly what was
sent (counts, averages, hourly time series and each classroom's local days), then prints throughput, the
classrooms' aggregates, what those clients did, the rows in PostgreSQL and the dashboard address with a
demo facilitator's token; the dashboard's "Sign in as the demo facilitator" hands the same token to a browser on this machine
(loopback only). The stack keeps running afterwards; scripts/stack.sh down stops it.

  --compose    the same in containers (scripts/stack.sh up --compose: TLS, three Kafka brokers; docker-compose.yml)
  --citus      the same on a Citus cluster (scripts/stack.sh up --citus: a coordinator and two workers as local
               PostgreSQL clusters, the tables distributed; Citus built into PostgreSQL 15 first when missing)
  --no-build   use the jars already built
  --stop       stop the stack at the end
  -h, --help   this text

Options for the term, passed on (defaults in brackets):
  --facilitators N [6]  --classrooms N per facilitator [5]  --students N per classroom [25]
  --days N [6]  --connections N [8]  --seed N  --wait DURATION [PT5M]
USAGE
}

build=1
stop=0
stack_args=()
term_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --no-build) build=0 ;;
    --stop) stop=1 ;;
    --compose) stack_args=(--compose) ;;
    --citus) stack_args=(--citus) ;;
    *) term_args+=("$1") ;;
  esac
  shift
done

cd "$REPO_ROOT"
if [[ $build -eq 1 ]]; then
  echo "==> Building (mvn package, tests skipped: scripts/test.sh runs them)"
  mvn -B -q -DskipTests -Dspotless.check.skip=true install
fi

case "${stack_args[*]}" in
  --compose) echo "==> Starting the container stack" ;;
  --citus) echo "==> Starting the stack on Citus (a coordinator and two workers)" ;;
  *) echo "==> Starting the stack" ;;
esac
# the jars are built above; in containers, up builds the images from them (cached layers) unless --no-build
if [[ ${stack_args[*]} == --compose && $build -eq 1 ]]; then
  scripts/stack.sh up "${stack_args[@]}"
else
  scripts/stack.sh up --no-build "${stack_args[@]}"
fi
eval "$(scripts/stack.sh env "${stack_args[@]}")"
# psql finds the superuser's password in a password file of this run, never on its command line
work="$(mktemp -d)"
finish() {
  rm -rf "$work"
  if [[ $stop -eq 1 ]]; then
    echo "==> Stopping the stack"
    scripts/stack.sh down "${stack_args[@]}"
  fi
}
trap finish EXIT
pgpass_begin "$work"
superuser_uri="$(pgpass_uri "$HEROES_PG_SUPERUSER_URI")"

echo "==> Sending a simulated school term through $HEROES_INGEST_URL"
heroes_cli simulate-term --dashboard-url "$HEROES_QUERY_URL/" "${term_args[@]}"

echo
echo "==> Rows in PostgreSQL (as the superuser, straight to the database)"
psql "$superuser_uri" -X -q -P pager=off -c "
  SELECT 'facilitators' AS table_name, count(*) AS row_count FROM facilitators
  UNION ALL SELECT 'classrooms', count(*) FROM classrooms
  UNION ALL SELECT 'students', count(*) FROM students
  UNION ALL SELECT 'student_progress', count(*) FROM student_progress
  UNION ALL SELECT 'analytics_events', count(*) FROM analytics_events
  UNION ALL SELECT 'student_feedback', count(*) FROM student_feedback
  UNION ALL SELECT 'pending_student_events', count(*) FROM pending_student_events"

echo "Stack endpoints: eval \"\$(scripts/stack.sh env ${stack_args[*]})\"; stop it with scripts/stack.sh down ${stack_args[*]}."
