#!/usr/bin/env bash
# The local stack without Docker: PostgreSQL, PgBouncer, a single-node KRaft Kafka and the three
# services, all as plain processes whose state lives in .stack/ (git-ignored). See --help.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/stack.sh COMMAND [OPTIONS]

Runs the local stack without Docker: a PostgreSQL 15 cluster of its own, PgBouncer in transaction
mode in front of it (SCRAM auth), a single-node KRaft Kafka broker with every topic created
(3 partitions each), and the three services (aggregator, ingest, query) as jars.

Commands:
  up [--infra-only] [--no-build]
        Starts whatever is not running yet, in order postgres, pgbouncer, kafka, then runs the Flyway
        migrations as heroes_owner (the CLI's migrate, a step of its own: no service holds the owner's
        password), then aggregator-service, ingest-service, query-service, and returns once each is healthy.
        Idempotent. On failure exits non-zero and shows the tail of the failing part's log.
        --infra-only  only postgres, pgbouncer and kafka (no migrations)
        --no-build    fail instead of building missing jars of the services and the CLI (mvn -DskipTests package)
  down  Stops exactly what up started (by its pid files), services first. Data stays in the state dir.
  status [--infra-only]
        Prints each component and whether it is up; exits 0 only when all are up.
  env   Prints export lines for every endpoint and credential of the stack:
          eval "$(scripts/stack.sh env)"
  --help
        This text.

  --compose  (after any command) the same stack in containers instead (docker-compose.yml): PostgreSQL and
        PgBouncer with TLS only, three replicated Kafka brokers, the one-shot migrate, the three services; images
        built FROM debian:bookworm-slim (scripts/lib/images.sh), secrets, certificates and token keys generated on
        first use into $HEROES_COMPOSE_DIR/secrets (default <repo>/.stack-compose, git-ignored). The same variables
        from env, plus PGSSLMODE=verify-full and PGSSLROOTCERT for libpq. up --compose [--no-build]; down --compose
        [-v] (-v removes the data volumes); compose project $HEROES_COMPOSE_PROJECT (default heroes); ports as below
        plus HEROES_KAFKA_2_PORT 19094 and HEROES_KAFKA_3_PORT 19095 (one published listener per broker).

  --citus  (after any command) the Citus form (ADR 0028, docs/scaling.md): the stack's PostgreSQL cluster is the
        coordinator of a Citus cluster, with two more local PostgreSQL clusters as workers (<state>/citus-worker-1,
        -2), every node with shared_preload_libraries = citus, the same roles and database; PgBouncer in front of
        the coordinator; the same migrations, then the distribution step (deploy/citus/02-distribute.sql, which
        test-support's Citus cluster runs too); Kafka and the services as above. Citus is built and installed into
        PostgreSQL 15 first when missing (scripts/lib/citus-build.sh, about 1.5 minutes). up --citus marks the state
        dir (<state>/form): down, status and env then act on the Citus form with or without the flag, and a plain up
        there is refused. up --citus on a state dir that holds a single-node stack upgrades it in place: the node is
        restarted as the coordinator and the distribution copies its rows into the workers' shards (docs/scaling.md,
        "Upgrading a single node to Citus"; stop the stack first). env prints the same variables (the coordinator
        is HEROES_PG_PORT). Worker ports: HEROES_CITUS_WORKER_1_PORT, HEROES_CITUS_WORKER_2_PORT, default
        HEROES_PG_PORT + 1 and + 2. Logs: <state>/logs/citus-*.log, <state>/citus-worker-*/postgresql.log.

State (data, logs, pid files, generated secrets) lives in $HEROES_STACK_DIR, default <repo>/.stack.
Database passwords are generated on the first up into <state>/secrets.env (mode 600); the token issuer's EC
P-256 key pair into <state>/jwt/ (scripts/lib/jwt-keys.sh): the private key (mode 600) is for scripts/token.sh
and the CLI only, the services get the public JWK set. Every service listens on 127.0.0.1 only; query-service
runs in the local profile, whose demo sign-in answers loopback clients only.

Ports (each overridable by its variable; up remembers them in <state>/ports.env):
  HEROES_PG_PORT 15432, HEROES_PGBOUNCER_PORT 16432, HEROES_KAFKA_PORT 19092,
  HEROES_KAFKA_CONTROLLER_PORT 19093, HEROES_INGEST_PORT 8081, HEROES_QUERY_PORT 8082,
  HEROES_AGGREGATOR_PORT 8083 (actuator)
JVM options of each service: HEROES_SERVICE_JAVA_OPTS, default "-Xmx256m -XX:+UseParallelGC".
Kafka topics (schemas' Topic, applied on every up, existing topics converged): event topics
keep HEROES_KAFKA_RETENTION_DAYS days (default 90; up remembers it), dead-letter topics 30 days or
that if shorter, the roster topic is compacted. See docs/operations.md "Kafka topics".
Needs: Debian packages postgresql-15, postgresql-client-15, pgbouncer, curl (installed when missing),
java 17+, mvn. Logs: <state>/logs/*.log, <state>/postgres/postgresql.log, <state>/pgbouncer/pgbouncer.log.
USAGE
}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
STACK_DIR=${HEROES_STACK_DIR:-$REPO_ROOT/.stack}

# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/install-packages.sh
source "$SCRIPT_DIR/lib/install-packages.sh"

PORT_VARIABLES=(HEROES_PG_PORT HEROES_PGBOUNCER_PORT HEROES_KAFKA_PORT HEROES_KAFKA_CONTROLLER_PORT
  HEROES_INGEST_PORT HEROES_QUERY_PORT HEROES_AGGREGATOR_PORT)
# the Citus form (--citus, or a state dir whose form file says citus): a coordinator and two workers
CITUS=false
FORM_FILE=$STACK_DIR/form
declare -A DEFAULT_PORTS=([HEROES_PG_PORT]=15432 [HEROES_PGBOUNCER_PORT]=16432 [HEROES_KAFKA_PORT]=19092
  [HEROES_KAFKA_CONTROLLER_PORT]=19093 [HEROES_INGEST_PORT]=8081 [HEROES_QUERY_PORT]=8082
  [HEROES_AGGREGATOR_PORT]=8083)
SECRET_VARIABLES=(HEROES_PG_SUPERUSER_PASSWORD HEROES_PG_OWNER_PASSWORD
  HEROES_PG_WRITER_PASSWORD HEROES_PG_READER_PASSWORD HEROES_PG_BACKUP_PASSWORD)
# the local issuer's keys (scripts/lib/jwt-keys.sh) and the demo facilitator's token (cli simulate-term writes it)
JWT_DIR=$STACK_DIR/jwt
DEMO_TOKEN_FILE=$STACK_DIR/demo-facilitator.jwt

# load_ports [up]: the ports of the stack. For up: each port from its variable, else what the last up
# used, else the default. For the other commands what the last up used comes first: it is where the
# stack runs, whatever an earlier eval "$(stack.sh env)" left in this shell.
load_ports() {
  local mode=${1:-} saved="$STACK_DIR/ports.env" name
  declare -A remembered=()
  if [[ -f $saved ]]; then
    while IFS='=' read -r name value; do
      [[ -n $name ]] && remembered[$name]=$value
    done <"$saved"
  fi
  local names=("${PORT_VARIABLES[@]}")
  # the workers' ports follow the coordinator's (HEROES_PG_PORT + 1 and + 2) unless set
  $CITUS && names+=(HEROES_CITUS_WORKER_1_PORT HEROES_CITUS_WORKER_2_PORT)
  for name in "${names[@]}"; do
    [[ $name == HEROES_CITUS_WORKER_?_PORT ]] && DEFAULT_PORTS[$name]=$((HEROES_PG_PORT + ${name:20:1}))
    if [[ $mode != up && -n ${remembered[$name]:-} ]]; then
      printf -v "$name" '%s' "${remembered[$name]}"
    elif [[ -z ${!name:-} ]]; then
      printf -v "$name" '%s' "${remembered[$name]:-${DEFAULT_PORTS[$name]}}"
    fi
    [[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a port number, not '${!name}'"
    export "${name?}"
  done
  PG_PORT=$HEROES_PG_PORT
  PGBOUNCER_PORT=$HEROES_PGBOUNCER_PORT
  KAFKA_PORT=$HEROES_KAFKA_PORT
  KAFKA_CONTROLLER_PORT=$HEROES_KAFKA_CONTROLLER_PORT
}

# save_ports FILE: writes the ports in use to FILE.
save_ports() {
  local name names=("${PORT_VARIABLES[@]}")
  $CITUS && names+=(HEROES_CITUS_WORKER_1_PORT HEROES_CITUS_WORKER_2_PORT)
  for name in "${names[@]}"; do
    printf '%s=%s\n' "$name" "${!name}"
  done >"$1"
}

# ensure_secrets: generated once, on the first up; never committed (the state dir is git-ignored).
ensure_secrets() {
  local file="$STACK_DIR/secrets.env"
  [[ -f $file ]] && return 0
  log "generating secrets into $file"
  (
    umask 077
    printf '# generated by scripts/stack.sh on first up; never commit\n'
    local name
    for name in "${SECRET_VARIABLES[@]}"; do
      printf '%s=%s\n' "$name" "$(random_secret 32)"
    done
  ) >"$file.tmp"
  chmod 600 "$file.tmp"
  mv "$file.tmp" "$file"
}

load_secrets() {
  local file="$STACK_DIR/secrets.env" name value
  [[ -f $file ]] || die "no $file: the local stack was never started (scripts/stack.sh up; for the container stack, \
eval \"\$(scripts/stack.sh env --compose)\" first)"
  while IFS='=' read -r name value; do
    [[ $name =~ ^HEROES_[A-Z_]+$ ]] && printf -v "$name" '%s' "$value" && export "${name?}"
  done <"$file"
  for name in "${SECRET_VARIABLES[@]}"; do
    [[ -n ${!name:-} ]] || die "$file lacks $name"
  done
  export HEROES_JWT_ISSUER=${HEROES_JWT_ISSUER:-heroes-local}
  [[ -f $JWT_DIR/kid && -f $JWT_DIR/jwk-set.json ]] || die "no token keys in $JWT_DIR: run scripts/stack.sh up"
  HEROES_JWT_KID=$(<"$JWT_DIR/kid")
}

# stack_environment: NAME=VALUE lines of the contract's vocabulary for the running stack.
stack_environment() {
  local host=127.0.0.1 db=heroes_in_waiting
  cat <<VARIABLES
HEROES_JWT_PRIVATE_KEY_FILE=$JWT_DIR/private-key.pem
HEROES_JWT_KID=$HEROES_JWT_KID
HEROES_JWT_JWK_SET=$JWT_DIR/jwk-set.json
HEROES_JWT_ISSUER=$HEROES_JWT_ISSUER
HEROES_DEMO_TOKEN_FILE=$DEMO_TOKEN_FILE
HEROES_INGEST_URL=http://$host:$HEROES_INGEST_PORT
HEROES_QUERY_URL=http://$host:$HEROES_QUERY_PORT
HEROES_AGGREGATOR_URL=http://$host:$HEROES_AGGREGATOR_PORT
HEROES_KAFKA_BOOTSTRAP=$host:$HEROES_KAFKA_PORT
HEROES_KAFKA_PORT=$HEROES_KAFKA_PORT
HEROES_PG_HOST=$host
HEROES_PG_PORT=$HEROES_PG_PORT
HEROES_PGBOUNCER_PORT=$HEROES_PGBOUNCER_PORT
HEROES_INGEST_PORT=$HEROES_INGEST_PORT
HEROES_QUERY_PORT=$HEROES_QUERY_PORT
HEROES_AGGREGATOR_PORT=$HEROES_AGGREGATOR_PORT
HEROES_PG_OWNER_PASSWORD=$HEROES_PG_OWNER_PASSWORD
HEROES_PG_WRITER_PASSWORD=$HEROES_PG_WRITER_PASSWORD
HEROES_PG_READER_PASSWORD=$HEROES_PG_READER_PASSWORD
HEROES_PG_BACKUP_PASSWORD=$HEROES_PG_BACKUP_PASSWORD
HEROES_PG_SUPERUSER_URI=postgresql://postgres:$HEROES_PG_SUPERUSER_PASSWORD@$host:$HEROES_PG_PORT/$db
HEROES_PG_OWNER_URI=postgresql://heroes_owner:$HEROES_PG_OWNER_PASSWORD@$host:$HEROES_PG_PORT/$db
HEROES_PG_BACKUP_URI=postgresql://heroes_backup:$HEROES_PG_BACKUP_PASSWORD@$host:$HEROES_PG_PORT/$db
HEROES_PG_WRITER_URI=postgresql://heroes_writer:$HEROES_PG_WRITER_PASSWORD@$host:$HEROES_PGBOUNCER_PORT/$db
HEROES_PG_READER_URI=postgresql://heroes_reader:$HEROES_PG_READER_PASSWORD@$host:$HEROES_PGBOUNCER_PORT/$db
VARIABLES
}

export_stack_environment() {
  local name value
  while IFS='=' read -r name value; do
    printf -v "$name" '%s' "$value"
    export "${name?}"
  done < <(stack_environment)
}

load_libraries() {
  # shellcheck source=lib/pgpass.sh
  source "$SCRIPT_DIR/lib/pgpass.sh"
  # shellcheck source=lib/postgres.sh
  source "$SCRIPT_DIR/lib/postgres.sh"
  # shellcheck source=lib/kafka.sh
  source "$SCRIPT_DIR/lib/kafka.sh"
  # shellcheck source=lib/services.sh
  source "$SCRIPT_DIR/lib/services.sh"
  # shellcheck source=lib/cli.sh
  source "$SCRIPT_DIR/lib/cli.sh"
  if $CITUS; then
    # shellcheck source=lib/citus-stack.sh
    source "$SCRIPT_DIR/lib/citus-stack.sh"
  fi
}

# pg_nodes_passwords: pg_passwords, and the workers' ports in the Citus form.
pg_nodes_passwords() {
  pg_passwords
  if $CITUS; then citus_passwords; fi
}

# stack_migrate: the Flyway migrations as heroes_owner straight to PostgreSQL, before any service starts; the
# services never migrate (each holds only its own role's credentials). Without scripts/migrate.sh's backup: a
# local stack's data is a demo's. Idempotent: nothing to do on a migrated database.
stack_migrate() {
  local logfile="$STACK_DIR/logs/migrate.log"
  log "migrations: as heroes_owner, straight to PostgreSQL"
  (keep_only_credentials HEROES_PG_OWNER_PASSWORD && heroes_cli migrate) >"$logfile" 2>&1 ||
    die_with_log "the migrations failed" "$logfile"
  log "migrations: $(tail -n 1 "$logfile")"
}

# ensure_jwt_keys: the local issuer's key pair, generated once, on the first up (the state dir is git-ignored).
ensure_jwt_keys() {
  # shellcheck source=lib/jwt-keys.sh
  source "$SCRIPT_DIR/lib/jwt-keys.sh"
  if [[ ! -f $JWT_DIR/private-key.pem ]]; then
    log "generating the token issuer's key pair into $JWT_DIR"
    jwt_keys_generate "$JWT_DIR" || die "could not generate the token signing key"
  fi
}

cmd_up() {
  local infra_only=false build_flag=""
  while (($#)); do
    case $1 in
      --infra-only) infra_only=true ;;
      --no-build) build_flag=--no-build ;;
      *) die "up: unknown option $1 (see --help)" ;;
    esac
    shift
  done
  ensure_debian_packages postgresql-15 postgresql-client-15 pgbouncer curl openssl
  command -v java >/dev/null || die "java (17+) is needed"
  mkdir -p "$STACK_DIR/logs" "$STACK_DIR/pids"
  chmod 755 "$STACK_DIR"
  load_ports up
  load_libraries
  if [[ -f $STACK_DIR/ports.env ]] && ! diff -q <(save_ports /dev/stdout) "$STACK_DIR/ports.env" >/dev/null &&
    { pg_running || pgbouncer_running || kafka_running; }; then
    die "the stack in $STACK_DIR runs on other ports ($(tr '\n' ' ' <"$STACK_DIR/ports.env")); run down first"
  fi
  save_ports "$STACK_DIR/ports.env"
  ensure_secrets
  ensure_jwt_keys
  load_secrets
  export_stack_environment
  pg_nodes_passwords
  # what up starts inherits this environment: no process of the stack is given the issuer's private key (nor the
  # HMAC secret that a stack made before docs/adr/0023 still has in secrets.env, which nothing reads any more)
  unset HEROES_JWT_PRIVATE_KEY_FILE HEROES_JWT_KID HEROES_JWT_SECRET
  $infra_only || services_build $build_flag
  local began=$SECONDS
  if $CITUS; then
    citus_build
    # from here on this state dir holds a Citus cluster (its coordinator is the single node's cluster, if one was)
    printf 'citus\n' >"$FORM_FILE"
    citus_nodes_start
  else
    pg_start
  fi
  pgbouncer_start
  kafka_start
  if ! $infra_only; then
    stack_migrate
    if $CITUS; then citus_distribute; fi
    local service
    for service in "${SERVICES[@]}"; do
      service_start "$service"
    done
  fi
  log "stack is up ($((SECONDS - began))s); eval \"\$(scripts/stack.sh env)\" to use it"
}

cmd_down() {
  (($# == 0)) || die "down takes no options"
  [[ -d $STACK_DIR ]] || { log "nothing to stop: no $STACK_DIR"; return 0; }
  load_ports
  load_libraries
  local i
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    service_stop "${SERVICES[i]}"
  done
  kafka_stop
  pgbouncer_stop
  pg_stop
  if $CITUS; then citus_workers_stop; fi
  log "stack is down (data kept in $STACK_DIR)"
}

cmd_status() {
  local infra_only=false
  [[ ${1:-} == --infra-only ]] && infra_only=true
  [[ -d $STACK_DIR ]] || { printf 'no stack in %s\n' "$STACK_DIR"; return 1; }
  load_ports
  load_secrets
  load_libraries
  pg_nodes_passwords
  local all_up=0
  report() {
    local name=$1 where=$2
    shift 2
    if "$@"; then
      printf '%-20s up     %s\n' "$name" "$where"
    else
      printf '%-20s DOWN   %s\n' "$name" "$where"
      all_up=1
    fi
  }
  if $CITUS; then
    report citus-coordinator "127.0.0.1:$PG_PORT" pg_ready
    local worker
    for worker in "${CITUS_WORKERS[@]}"; do
      report "$worker" "127.0.0.1:$(citus_worker_port "$worker")" citus_worker_ready "$worker"
    done
  else
    report postgres "127.0.0.1:$PG_PORT" pg_ready
  fi
  report pgbouncer "127.0.0.1:$PGBOUNCER_PORT" pgbouncer_ready
  report kafka "127.0.0.1:$KAFKA_PORT" kafka_ready
  if ! $infra_only; then
    local service
    for service in "${SERVICES[@]}"; do
      report "$service" "http://127.0.0.1:$(service_port "$service")" service_healthy "$service"
    done
  fi
  return $all_up
}

cmd_env() {
  (($# == 0)) || die "env takes no options"
  load_ports
  load_secrets
  local name value
  while IFS='=' read -r name value; do
    printf 'export %s=%q\n' "$name" "$value"
  done < <(stack_environment)
}

# main_compose COMMAND ARGS...: the container stack (scripts/lib/compose-stack.sh)
main_compose() {
  # shellcheck source=lib/compose-stack.sh
  source "$SCRIPT_DIR/lib/compose-stack.sh"
  local command=$1
  shift
  case $command in
    up) compose_up "$@" ;;
    down) compose_down "$@" ;;
    status) compose_status "$@" ;;
    env) compose_env "$@" ;;
    *) printf 'unknown command: %s\n\n' "$command" >&2; usage >&2; exit 2 ;;
  esac
}

main() {
  local command=${1:-} argument rest=() compose=false
  (($#)) && shift
  for argument in "$@"; do
    case $argument in
      --compose) compose=true ;;
      --citus) CITUS=true ;;
      *) rest+=("$argument") ;;
    esac
  done
  if $compose; then
    $CITUS && die "--citus and --compose: the Citus form runs as local processes only (see --help)"
    main_compose "$command" "${rest[@]}"
    return
  fi
  set -- "${rest[@]}"
  # the form of the stack in this state dir: up --citus makes it citus, for good; the other commands follow it
  if [[ -f $FORM_FILE && $(<"$FORM_FILE") == citus ]]; then
    [[ $command == up ]] && ! $CITUS &&
      die "$STACK_DIR holds the Citus form of the stack: up --citus (or another HEROES_STACK_DIR)"
    CITUS=true
  fi
  case $command in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    env) cmd_env "$@" ;;
    -h | --help | help) usage ;;
    "") usage >&2; exit 2 ;;
    *) printf 'unknown command: %s\n\n' "$command" >&2; usage >&2; exit 2 ;;
  esac
}

main "$@"
