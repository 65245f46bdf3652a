# shellcheck shell=bash
# The local stack's PostgreSQL cluster and the PgBouncer in front of it. Uses the same bootstrap SQL
# and PgBouncer template as test-support (both in the schemas module's resources).
# Expects: REPO_ROOT STACK_DIR PG_PORT PGBOUNCER_PORT and the HEROES_PG_*_PASSWORD variables of
# secrets.env (HEROES_PG_SUPERUSER_PASSWORD included); common.sh and pgpass.sh sourced, pg_passwords called
# before psql_super or pgbouncer_ready.

PG_BIN=${HEROES_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_SUPERUSER=postgres
PG_DATABASE=heroes_in_waiting
PG_RESOURCES="$REPO_ROOT/schemas/src/main/resources/db"

# PG_NODE: the cluster these functions act on, a folder of the state dir: postgres (the single node, or the Citus
# coordinator), or a Citus worker (scripts/lib/citus-stack.sh sets it with PG_PORT in a subshell).
# PG_SERVER_OPTIONS: more server settings for pg_ctl's -o (the Citus form's shared_preload_libraries).
pg_dir() { printf '%s/%s' "$STACK_DIR" "${PG_NODE:-postgres}"; }
pg_data() { printf '%s/data' "$(pg_dir)"; }
pg_log() { printf '%s/postgresql.log' "$(pg_dir)"; }
pgbouncer_dir() { printf '%s/pgbouncer' "$STACK_DIR"; }
pgbouncer_log() { printf '%s/pgbouncer/pgbouncer.log' "$STACK_DIR"; }

# pg_passwords: the superuser's and heroes_reader's passwords (psql_super, the PgBouncer probe) in a password
# file of this run, removed when the script exits: libpq reads it (PGPASSFILE), so no password is ever an
# argument (ps shows those to every user) nor in PGPASSWORD.
pg_passwords() {
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/heroes-stack-pgpass.XXXXXX")
  # shellcheck disable=SC2064 # the folder is known now
  trap "rm -rf '$dir'" EXIT
  pgpass_begin "$dir"
  pgpass_uri "postgresql://$PG_SUPERUSER:$HEROES_PG_SUPERUSER_PASSWORD@127.0.0.1:$PG_PORT/postgres" >/dev/null
  pgpass_uri "postgresql://heroes_reader:$HEROES_PG_READER_PASSWORD@127.0.0.1:$PGBOUNCER_PORT/$PG_DATABASE" >/dev/null
}

# psql_super ARGS...: psql as the superuser straight to the cluster.
psql_super() {
  PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" "$@"
}

pg_running() {
  [[ -f $(pg_data)/postmaster.pid ]] && as_postgres "$PG_BIN/pg_ctl" -D "$(pg_data)" status >/dev/null 2>&1
}

pg_ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }

pg_init() {
  [[ -f $(pg_data)/PG_VERSION ]] && return 0
  log "${PG_NODE:-postgres}: initdb in $(pg_data)"
  mkdir -p "$(pg_dir)"
  chmod 700 "$(pg_dir)"
  give_to_postgres "$(pg_dir)"
  if is_root && ! runuser -u postgres -- test -x "$(pg_dir)"; then
    die "the postgres user cannot reach $(pg_dir); set HEROES_STACK_DIR to a directory it can reach"
  fi
  local pwfile
  pwfile="$(pg_dir)/superuser.pw"
  (umask 077 && printf '%s\n' "$HEROES_PG_SUPERUSER_PASSWORD" >"$pwfile")
  give_to_postgres "$pwfile"
  if ! as_postgres "$PG_BIN/initdb" -D "$(pg_data)" -U "$PG_SUPERUSER" --auth=scram-sha-256 \
    --pwfile="$pwfile" --encoding=UTF8 --locale=C --no-instructions >"$(pg_dir)/initdb.log" 2>&1; then
    rm -f "$pwfile"
    rm -rf "$(pg_data)"
    die_with_log "${PG_NODE:-postgres}: initdb failed" "$(pg_dir)/initdb.log"
  fi
  rm -f "$pwfile"
}

pg_start() {
  pg_init
  if pg_running; then
    log "${PG_NODE:-postgres}: already running on port $PG_PORT"
  else
    port_open "$PG_PORT" && die "${PG_NODE:-postgres}: port $PG_PORT is taken by something else (set HEROES_PG_PORT)"
    log "${PG_NODE:-postgres}: starting on 127.0.0.1:$PG_PORT${PG_SERVER_OPTIONS:+ ($PG_SERVER_OPTIONS)}"
    local options
    options="-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$(pg_dir)"
    as_postgres "$PG_BIN/pg_ctl" -D "$(pg_data)" -l "$(pg_log)" -w -t 60 \
      -o "$options${PG_SERVER_OPTIONS:+ $PG_SERVER_OPTIONS}" start >/dev/null ||
      die_with_log "${PG_NODE:-postgres}: did not start" "$(pg_log)"
  fi
  wait_for 30 "${PG_NODE:-postgres}" pg_ready ||
    die_with_log "${PG_NODE:-postgres}: not accepting connections" "$(pg_log)"
  pg_bootstrap
}

# pg_bootstrap: the roles and the database (idempotent; passwords go to psql on stdin, not argv).
pg_bootstrap() {
  printf "\\\\set owner_password '%s'\n\\\\set writer_password '%s'\n\\\\set reader_password '%s'\n\\\\set backup_password '%s'\n\\\\i %s\n" \
    "$HEROES_PG_OWNER_PASSWORD" "$HEROES_PG_WRITER_PASSWORD" "$HEROES_PG_READER_PASSWORD" \
    "$HEROES_PG_BACKUP_PASSWORD" "$PG_RESOURCES/bootstrap/create-roles-and-database.sql" |
    psql_super -d postgres >"$(pg_dir)/bootstrap.log" 2>&1 ||
    die_with_log "${PG_NODE:-postgres}: bootstrap of roles and database failed" "$(pg_dir)/bootstrap.log"
}

pg_stop() {
  if pg_running; then
    log "${PG_NODE:-postgres}: stopping"
    as_postgres "$PG_BIN/pg_ctl" -D "$(pg_data)" -m fast -w -t 60 stop >/dev/null
  fi
}

pgbouncer_pid() { read_pid "$(pgbouncer_dir)/pgbouncer.pid"; }

pgbouncer_running() { pid_matches "$(pgbouncer_pid)" pgbouncer; }

pgbouncer_ready() {
  PGCONNECT_TIMEOUT=2 psql -X -q -At -h 127.0.0.1 -p "$PGBOUNCER_PORT" -U heroes_reader -d "$PG_DATABASE" \
    -c 'SELECT 1' >/dev/null 2>&1
}

# pgbouncer_configure: the ini from the shared template, the auth file from pg_authid's SCRAM secrets.
pgbouncer_configure() {
  local dir
  dir=$(pgbouncer_dir)
  mkdir -p "$dir"
  chmod 700 "$dir"
  sed -e "s|@PG_PORT@|$PG_PORT|g" -e "s|@PGBOUNCER_PORT@|$PGBOUNCER_PORT|g" -e "s|@DIR@|$dir|g" \
    -e "s|@ADMIN_USER@|$PG_SUPERUSER|g" "$PG_RESOURCES/pgbouncer/pgbouncer.ini.template" >"$dir/pgbouncer.ini"
  (umask 077 && psql_super -d postgres -At -c "SELECT format('\"%s\" \"%s\"', rolname, rolpassword)
      FROM pg_authid WHERE rolname IN ('$PG_SUPERUSER', 'heroes_writer', 'heroes_reader') ORDER BY rolname" \
    >"$dir/userlist.txt") || die "pgbouncer: could not read the roles' SCRAM secrets"
  [[ $(wc -l <"$dir/userlist.txt") -eq 3 ]] || die "pgbouncer: expected 3 roles in $dir/userlist.txt"
  chmod 600 "$dir/pgbouncer.ini" "$dir/userlist.txt"
  # PgBouncer dies silently when a file it touches is not its user's
  give_to_postgres "$dir"
}

pgbouncer_start() {
  if pgbouncer_running; then
    log "pgbouncer: already running on port $PGBOUNCER_PORT"
  else
    port_open "$PGBOUNCER_PORT" &&
      die "pgbouncer: port $PGBOUNCER_PORT is taken by something else (set HEROES_PGBOUNCER_PORT)"
    pgbouncer_configure
    log "pgbouncer: starting on 127.0.0.1:$PGBOUNCER_PORT (transaction pooling)"
    as_postgres pgbouncer -q -d "$(pgbouncer_dir)/pgbouncer.ini" ||
      die_with_log "pgbouncer: did not start" "$(pgbouncer_log)"
  fi
  wait_for 30 "pgbouncer" pgbouncer_ready ||
    die_with_log "pgbouncer: heroes_reader cannot connect through it" "$(pgbouncer_log)"
}

pgbouncer_stop() {
  if pgbouncer_running; then
    log "pgbouncer: stopping"
    stop_pid "$(pgbouncer_pid)" pgbouncer INT
  fi
}
