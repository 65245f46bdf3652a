# shellcheck shell=bash
# The three services of the local stack, each its Spring Boot jar in its own JVM.
# Expects: REPO_ROOT STACK_DIR, the HEROES_* variables exported; common.sh sourced.

SERVICES=(aggregator-service ingest-service query-service)
SERVICE_VERSION=0.1.0-SNAPSHOT
# JVM options of each service. The parallel collector: on 2 cores with a 256 MB heap, G1's frequent young
# pauses and concurrent work cost ingest about a sixth of its throughput (scripts/bench.sh ingest).
SERVICE_JAVA_OPTS=${HEROES_SERVICE_JAVA_OPTS:--Xmx256m -XX:+UseParallelGC}

service_jar() { printf '%s/%s/target/%s-%s-exec.jar' "$REPO_ROOT" "$1" "$1" "$SERVICE_VERSION"; }
service_log() { printf '%s/logs/%s.log' "$STACK_DIR" "$1"; }
service_pidfile() { printf '%s/pids/%s.pid' "$STACK_DIR" "$1"; }
service_running() { pid_matches "$(read_pid "$(service_pidfile "$1")")" "$(basename "$(service_jar "$1")")"; }

service_port() {
  case $1 in
    ingest-service) printf '%s' "$HEROES_INGEST_PORT" ;;
    query-service) printf '%s' "$HEROES_QUERY_PORT" ;;
    aggregator-service) printf '%s' "$HEROES_AGGREGATOR_PORT" ;;
    *) die "unknown service $1" ;;
  esac
}

# service_credentials NAME: the credential variables a service is given, its own only: its database role's
# password (ingest-service has none; tokens are verified with public keys, ADR 0023). Every other credential is removed
# from its environment (keep_only_credentials), the table owner's and the superuser's above all (ADR 0020).
service_credentials() {
  case $1 in
    aggregator-service) printf '%s ' HEROES_PG_WRITER_PASSWORD ;;
    ingest-service) ;;
    query-service) printf '%s ' HEROES_PG_READER_PASSWORD ;;
    *) die "unknown service $1" ;;
  esac
}

# keep_only_credentials NAME...: unsets every exported credential variable of this shell but NAME...: a HEROES_
# variable whose name says it holds a password, a secret, a private key or a URI that carries a password, and
# PGPASSWORD. Call it in a subshell, before exec'ing what is to hold only NAME....
keep_only_credentials() {
  local name
  for name in $(compgen -e); do
    if [[ $name =~ ^HEROES_[A-Z_]*(PASSWORD|SECRET|PRIVATE_KEY|_URI) || $name == PGPASSWORD ]] &&
      [[ " $* " != *" $name "* ]]; then
      unset "$name"
    fi
  done
}

# service_args NAME: what the local stack adds to a service's command line. query-service runs in the
# local profile, which offers the dashboard's one-click demo sign-in to loopback clients (never in production):
# the demo facilitator's token that scripts/demo.sh wrote (DEMO_TOKEN_FILE, set by stack.sh).
service_args() {
  case $1 in
    query-service) printf '%s' "--spring.profiles.active=local --heroes.query.demo.token-file=$DEMO_TOKEN_FILE" ;;
  esac
}

service_healthy() {
  curl -fsS --max-time 2 "http://127.0.0.1:$(service_port "$1")/actuator/health" 2>/dev/null |
    grep -q '"status":"UP"'
}

# services_build [--no-build]: builds the jars that are missing, the services' and the CLI's (whose migrate runs
# before them), in one Maven run.
services_build() {
  local missing=() service
  for service in "${SERVICES[@]}" cli; do
    [[ -f $(service_jar "$service") ]] || missing+=("$service")
  done
  ((${#missing[@]} == 0)) && return 0
  [[ ${1:-} == --no-build ]] && die "missing service jars (--no-build): ${missing[*]}"
  log "building ${missing[*]} (mvn package -DskipTests)"
  mkdir -p "$STACK_DIR/logs"
  (cd "$REPO_ROOT" && mvn -B -q -DskipTests package -pl "$(IFS=,; echo "${missing[*]}")" -am) \
    >"$STACK_DIR/logs/build.log" 2>&1 || die_with_log "the build failed" "$STACK_DIR/logs/build.log"
}

service_start() {
  local service=$1 port
  port=$(service_port "$service")
  if service_running "$service"; then
    log "$service: already running on port $port"
  else
    port_open "$port" && die "$service: port $port is taken by something else"
    log "$service: starting on port $port"
    mkdir -p "$STACK_DIR/logs" "$STACK_DIR/pids"
    # the subshell execs setsid, which execs java: $! is the service's pid
    # shellcheck disable=SC2046,SC2086 # the options, arguments and variable names are words without spaces
    (
      keep_only_credentials $(service_credentials "$service")
      exec setsid java $SERVICE_JAVA_OPTS -jar "$(service_jar "$service")" $(service_args "$service")
    ) >"$(service_log "$service")" 2>&1 </dev/null &
    echo $! >"$(service_pidfile "$service")"
  fi
  local deadline=$((SECONDS + ${HEROES_SERVICE_START_TIMEOUT:-90})) pid
  pid="$(read_pid "$(service_pidfile "$service")")"
  until service_healthy "$service"; do
    # alive is enough here: for its first moments the pid is still the subshell on its way to exec java, whose
    # command line does not name the jar yet (service_running's check, which once failed a start that way)
    kill -0 "$pid" 2>/dev/null || die_with_log "$service: exited during start-up" "$(service_log "$service")"
    ((SECONDS < deadline)) || die_with_log "$service: not healthy after ${HEROES_SERVICE_START_TIMEOUT:-90}s" \
      "$(service_log "$service")"
    sleep 1
  done
  log "$service: healthy"
}

service_stop() {
  local service=$1
  if service_running "$service"; then
    log "$service: stopping"
    stop_pid "$(read_pid "$(service_pidfile "$service")")" "$service" TERM
  fi
  rm -f "$(service_pidfile "$service")"
}
