# shellcheck shell=bash
# Logging, failure, waiting and process helpers shared by the scripts in scripts/.
# Source it; it defines functions only.

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '%s WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '%s ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# die_with_log DESCRIPTION LOGFILE: fails, showing the tail of the failing part's log.
die_with_log() {
  local what=$1 logfile=$2
  printf '%s ERROR: %s\n' "$(date +%H:%M:%S)" "$what" >&2
  if [[ -f $logfile ]]; then
    printf -- '---- last 40 lines of %s ----\n' "$logfile" >&2
    tail -n 40 "$logfile" >&2
    printf -- '---- end of %s ----\n' "$logfile" >&2
  else
    printf '(no log at %s)\n' "$logfile" >&2
  fi
  exit 1
}

# wait_for SECONDS DESCRIPTION COMMAND...: runs COMMAND every half second until it succeeds;
# returns 1 when SECONDS have passed.
wait_for() {
  local timeout=$1 what=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      warn "$what: not ready after ${timeout}s"
      return 1
    fi
    sleep 0.5
  done
}

# is_root: whether this shell runs as root (PostgreSQL and PgBouncer then run as postgres).
is_root() { [[ $(id -u) -eq 0 ]]; }

# as_postgres COMMAND...: runs COMMAND as the postgres user when root, else as the current user.
as_postgres() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# give_to_postgres PATH...: hands files to the postgres user when root (PgBouncer and initdb need it).
give_to_postgres() {
  if is_root; then
    chown -R postgres: "$@"
  fi
}

# port_open PORT: whether something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# read_pid FILE: prints the first line of a pid file, or nothing.
read_pid() {
  [[ -s $1 ]] && head -n 1 "$1" | tr -dc '0-9'
  return 0
}

# pid_matches PID PATTERN: whether process PID is alive and its command line contains PATTERN
# (guards against a recycled pid).
pid_matches() {
  local pid=$1 pattern=$2
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern"
}

# stop_pid PID NAME [SIGNAL]: sends SIGNAL (TERM) and waits up to 30 s, then SIGKILL.
stop_pid() {
  local pid=$1 name=$2 signal=${3:-TERM}
  kill "-$signal" "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      warn "$name (pid $pid) did not stop after SIG$signal; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
}

# random_secret LENGTH: letters and digits only (safe unquoted in URIs, ini files and psql).
random_secret() {
  local length=$1 secret=""
  while ((${#secret} < length)); do
    secret+=$(head -c 256 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  done
  printf '%s' "${secret:0:length}"
}

# private_stack PREFIX: a fresh state directory PREFIX.XXXXXX for a stack of a script's own (scripts/stack.sh), so
# that it never meets the developer's stack: exports HEROES_STACK_DIR and every port of the stack (the Citus form's
# workers' too), each a free one. The folder's parent is $HEROES_TEST_TMP if set, else /tmp.
private_stack() {
  HEROES_STACK_DIR="$(mktemp -d "${HEROES_TEST_TMP:-/tmp}/$1.XXXXXX")"
  chmod 755 "$HEROES_STACK_DIR"
  export HEROES_STACK_DIR
  local port
  for port in HEROES_PG_PORT HEROES_PGBOUNCER_PORT HEROES_KAFKA_PORT HEROES_KAFKA_CONTROLLER_PORT \
    HEROES_INGEST_PORT HEROES_QUERY_PORT HEROES_AGGREGATOR_PORT HEROES_CITUS_WORKER_1_PORT \
    HEROES_CITUS_WORKER_2_PORT; do
    printf -v "$port" '%s' "$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    export "${port?}"
  done
}

# private_stack_stop: the EXIT trap of a script test's own stack (HEROES_STACK_DIR): when the test failed, the
# services' errors first (the folder and its logs go with it); then scripts/stack.sh down, and no process of the state
# dir may be left (the test fails if one is); the folder is removed.
private_stack_stop() {
  local status=$? log left
  if ((status != 0)); then
    for log in "$HEROES_STACK_DIR"/logs/*-service.log; do
      [[ -f $log ]] || continue
      echo "---- errors in $log ----" >&2
      grep -aE 'ERROR|Exception|SQLState' "$log" | tail -n 15 >&2 || true
    done
  fi
  "$REPO_ROOT/scripts/stack.sh" down || true
  left="$(pgrep -af "$HEROES_STACK_DIR" || true)"
  if [[ -n "$left" ]]; then
    echo "${0##*/}: processes left after down:" >&2
    echo "$left" >&2
    exit 1
  fi
  rm -rf "$HEROES_STACK_DIR"
}
