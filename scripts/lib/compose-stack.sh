# shellcheck shell=bash
# The container stack behind `scripts/stack.sh COMMAND --compose` (docker-compose.yml, docs/adr/0027): the same
# commands and the same variables as the local stack, so every script runs unchanged against either.
#
# State: $HEROES_COMPOSE_DIR (default <repo>/.stack-compose, git-ignored): secrets/ (scripts/lib/deploy-secrets.sh:
# the CA, certificates, passwords, the token issuer's keys), ports.env (the published ports of the last up), the demo
# facilitator's token. The compose project is $HEROES_COMPOSE_PROJECT (default heroes).
# Needs REPO_ROOT and common.sh.

COMPOSE_DIR=${HEROES_COMPOSE_DIR:-$REPO_ROOT/.stack-compose}
COMPOSE_PROJECT=${HEROES_COMPOSE_PROJECT:-heroes}
COMPOSE_SECRETS=$COMPOSE_DIR/secrets
COMPOSE_PORT_VARIABLES=(HEROES_PG_PORT HEROES_PGBOUNCER_PORT HEROES_KAFKA_PORT HEROES_KAFKA_2_PORT HEROES_KAFKA_3_PORT
  HEROES_INGEST_PORT HEROES_QUERY_PORT HEROES_AGGREGATOR_PORT)
declare -A COMPOSE_DEFAULT_PORTS=([HEROES_PG_PORT]=15432 [HEROES_PGBOUNCER_PORT]=16432 [HEROES_KAFKA_PORT]=19092
  [HEROES_KAFKA_2_PORT]=19094 [HEROES_KAFKA_3_PORT]=19095 [HEROES_INGEST_PORT]=8081 [HEROES_QUERY_PORT]=8082
  [HEROES_AGGREGATOR_PORT]=8083)
COMPOSE_SERVICES=(aggregator-service ingest-service query-service)
COMPOSE_LONG_RUNNING=(postgres pgbouncer kafka-1 kafka-2 kafka-3 "${COMPOSE_SERVICES[@]}")

# compose ARGS...: docker-compose on this project, with the secrets folder and the ports
compose() {
  HEROES_SECRETS_DIR=$COMPOSE_SECRETS docker-compose -p "$COMPOSE_PROJECT" -f "$REPO_ROOT/docker-compose.yml" "$@"
}

# compose_load_ports [up]: as the local stack's load_ports: for up, each port from its variable, else the last up's,
# else the default; for the other commands the last up's first.
compose_load_ports() {
  local mode=${1:-} saved=$COMPOSE_DIR/ports.env name value
  declare -A remembered=()
  if [[ -f $saved ]]; then
    while IFS='=' read -r name value; do
      [[ -n $name ]] && remembered[$name]=$value
    done <"$saved"
  fi
  for name in "${COMPOSE_PORT_VARIABLES[@]}"; do
    if [[ $mode != up && -n ${remembered[$name]:-} ]]; then
      printf -v "$name" '%s' "${remembered[$name]}"
    elif [[ -z ${!name:-} ]]; then
      printf -v "$name" '%s' "${remembered[$name]:-${COMPOSE_DEFAULT_PORTS[$name]}}"
    fi
    [[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a port number, not '${!name}'"
    export "${name?}"
  done
}

compose_save_ports() {
  local name
  mkdir -p "$COMPOSE_DIR"
  for name in "${COMPOSE_PORT_VARIABLES[@]}"; do
    printf '%s=%s\n' "$name" "${!name}"
  done >"$COMPOSE_DIR/ports.env"
}

# compose_secret NAME: the value of a generated secret
compose_secret() {
  [[ -s $COMPOSE_SECRETS/$1 ]] || die "no $COMPOSE_SECRETS/$1: run scripts/stack.sh up --compose"
  cat "$COMPOSE_SECRETS/$1"
}

# compose_environment: NAME=VALUE lines, the local stack's vocabulary (scripts/stack.sh stack_environment), plus the
# CA that verifies PostgreSQL's and PgBouncer's certificates (libpq's PGSSLMODE/PGSSLROOTCERT: psql, pg_dump verify
# the server's name too)
compose_environment() {
  local host=127.0.0.1 db=heroes_in_waiting superuser owner writer reader backup
  superuser=$(compose_secret HEROES_PG_SUPERUSER_PASSWORD)
  owner=$(compose_secret HEROES_PG_OWNER_PASSWORD)
  writer=$(compose_secret HEROES_PG_WRITER_PASSWORD)
  reader=$(compose_secret HEROES_PG_READER_PASSWORD)
  backup=$(compose_secret HEROES_PG_BACKUP_PASSWORD)
  cat <<VARIABLES
HEROES_JWT_PRIVATE_KEY_FILE=$COMPOSE_SECRETS/jwt/private-key.pem
HEROES_JWT_KID=$(<"$COMPOSE_SECRETS/jwt/kid")
HEROES_JWT_JWK_SET=$COMPOSE_SECRETS/jwt/jwk-set.json
HEROES_JWT_ISSUER=${HEROES_JWT_ISSUER:-heroes-local}
HEROES_DEMO_TOKEN_FILE=$COMPOSE_DIR/demo-facilitator.jwt
HEROES_INGEST_URL=http://$host:$HEROES_INGEST_PORT
HEROES_QUERY_URL=http://$host:$HEROES_QUERY_PORT
HEROES_AGGREGATOR_URL=http://$host:$HEROES_AGGREGATOR_PORT
HEROES_KAFKA_BOOTSTRAP=$host:$HEROES_KAFKA_PORT,$host:$HEROES_KAFKA_2_PORT,$host:$HEROES_KAFKA_3_PORT
HEROES_KAFKA_PORT=$HEROES_KAFKA_PORT
HEROES_PG_HOST=$host
HEROES_PG_PORT=$HEROES_PG_PORT
HEROES_PGBOUNCER_PORT=$HEROES_PGBOUNCER_PORT
HEROES_INGEST_PORT=$HEROES_INGEST_PORT
HEROES_QUERY_PORT=$HEROES_QUERY_PORT
HEROES_AGGREGATOR_PORT=$HEROES_AGGREGATOR_PORT
HEROES_PG_OWNER_PASSWORD=$owner
HEROES_PG_WRITER_PASSWORD=$writer
HEROES_PG_READER_PASSWORD=$reader
HEROES_PG_BACKUP_PASSWORD=$backup
HEROES_PG_SUPERUSER_URI=postgresql://postgres:$superuser@$host:$HEROES_PG_PORT/$db
HEROES_PG_OWNER_URI=postgresql://heroes_owner:$owner@$host:$HEROES_PG_PORT/$db
HEROES_PG_BACKUP_URI=postgresql://heroes_backup:$backup@$host:$HEROES_PG_PORT/$db
HEROES_PG_WRITER_URI=postgresql://heroes_writer:$writer@$host:$HEROES_PGBOUNCER_PORT/$db
HEROES_PG_READER_URI=postgresql://heroes_reader:$reader@$host:$HEROES_PGBOUNCER_PORT/$db
HEROES_PG_CA_FILE=$COMPOSE_SECRETS/ca.crt
PGSSLMODE=verify-full
PGSSLROOTCERT=$COMPOSE_SECRETS/ca.crt
VARIABLES
}

# compose_healthy SERVICE: its container runs and its healthcheck says healthy
compose_healthy() {
  local id
  id=$(compose ps -q "$1" 2>/dev/null)
  [[ -n $id ]] && [[ $(docker inspect --format '{{.State.Health.Status}}' "$id" 2>/dev/null) == healthy ]]
}

compose_up() {
  local build=true began=$SECONDS service
  while (($#)); do
    case $1 in
      --no-build) build=false ;;
      *) die "up --compose: unknown option $1 (see --help)" ;;
    esac
    shift
  done
  bash "$REPO_ROOT/scripts/lib/docker-engine.sh"
  compose_load_ports up
  compose_save_ports
  bash "$REPO_ROOT/scripts/lib/deploy-secrets.sh" "$COMPOSE_SECRETS"
  if $build; then
    bash "$REPO_ROOT/scripts/lib/images.sh" build
  else
    local image
    while read -r image; do
      docker image inspect "$image" >/dev/null 2>&1 || die "no image $image (up --compose without --no-build builds it)"
    done < <(bash "$REPO_ROOT/scripts/lib/images.sh" names)
  fi
  log "compose: up (project $COMPOSE_PROJECT)"
  mkdir -p "$COMPOSE_DIR/logs"
  compose up -d --no-build >"$COMPOSE_DIR/logs/up.log" 2>&1 || {
    compose logs --no-color --tail 30 >>"$COMPOSE_DIR/logs/up.log" 2>&1 || true
    die_with_log "compose: up failed" "$COMPOSE_DIR/logs/up.log"
  }
  for service in "${COMPOSE_SERVICES[@]}"; do
    if ! wait_for 240 "$service" compose_healthy "$service"; then
      compose logs --no-color --tail 60 "$service" >"$COMPOSE_DIR/logs/$service.log" 2>&1 || true
      die_with_log "compose: $service is not healthy" "$COMPOSE_DIR/logs/$service.log"
    fi
  done
  log "compose: stack is up ($((SECONDS - began))s); eval \"\$(scripts/stack.sh env --compose)\" to use it"
}

compose_down() {
  local volumes=()
  while (($#)); do
    case $1 in
      -v | --volumes) volumes=(-v) ;;
      *) die "down --compose: unknown option $1 (see --help)" ;;
    esac
    shift
  done
  command -v docker-compose >/dev/null && docker info >/dev/null 2>&1 || { log "compose: no engine runs"; return 0; }
  compose_load_ports
  compose down --remove-orphans "${volumes[@]}" >&2
  log "compose: stack is down${volumes:+ (volumes removed)}"
}

compose_status() {
  compose_load_ports
  local all_up=0 service
  for service in "${COMPOSE_LONG_RUNNING[@]}"; do
    if compose_healthy "$service"; then
      printf '%-20s up\n' "$service"
    else
      printf '%-20s DOWN\n' "$service"
      all_up=1
    fi
  done
  return $all_up
}

compose_env() {
  compose_load_ports
  local name value
  while IFS='=' read -r name value; do
    printf 'export %s=%q\n' "$name" "$value"
  done < <(compose_environment)
}
