#!/usr/bin/env bash
# The project's container images (docs/adr/0027), every one built FROM debian:bookworm-slim with Debian's packages,
# run as a user other than root, each with a healthcheck where it keeps running:
#
#   heroes/jre:17              Debian's OpenJDK 17 JRE: the one Java layer under the services, the CLI and Kafka
#   heroes/postgres:15         PostgreSQL 15, TLS only; also the one-shot db-init (docker/postgres)
#   heroes/pgbouncer:1.18      PgBouncer, TLS on both sides (docker/pgbouncer)
#   heroes/kafka:<version>     a KRaft broker from Maven Central's jars (scripts/kafka/pom.xml), configured like
#                              apache/kafka; also the topic tool EnsureTopics (docker/kafka)
#   heroes/prometheus:2        Debian's Prometheus, for compose's optional profile monitoring (built only when named)
#   heroes/<service>:<version> aggregator-service, ingest-service, query-service, and cli (compose's migrate), from
#                              the Boot jars `mvn package` made (docker/service)
#
#   scripts/lib/images.sh build [IMAGE...]   build IMAGE (jre postgres pgbouncer kafka <module>), default all;
#                                            prints each build's time and the images' sizes
#   scripts/lib/images.sh names              the image names, one a line
#
# Each build gets a context of its own under target/docker/ holding only what its Dockerfile copies (a jar, the
# Kafka jars, the bootstrap SQL), and uses the host's network (apt-get; the engine has no NAT). Layers are ordered
# for the cache: packages first, then jars, so a rebuild after a code change redoes only the application layer.
# HEROES_IMAGES_NO_CACHE=1 builds without the layer cache (a cold build). Needs a running engine
# (scripts/lib/docker-engine.sh), java and mvn (the jars are built when missing).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"

VERSION=0.1.0-SNAPSHOT
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$REPO_ROOT/scripts/kafka/pom.xml")
MODULES=(aggregator-service ingest-service query-service cli)
STAGING=$REPO_ROOT/target/docker
# the legacy builder: BuildKit would look the base image up in a registry, which none answers here
export DOCKER_BUILDKIT=0

image_name() {
  case $1 in
    jre) printf 'heroes/jre:17' ;;
    postgres) printf 'heroes/postgres:15' ;;
    pgbouncer) printf 'heroes/pgbouncer:1.18' ;;
    kafka) printf 'heroes/kafka:%s' "$KAFKA_VERSION" ;;
    prometheus) printf 'heroes/prometheus:2' ;;
    aggregator-service | ingest-service | query-service | cli) printf 'heroes/%s:%s' "$1" "$VERSION" ;;
    *) die "images: no image $1 (jre postgres pgbouncer kafka ${MODULES[*]})" ;;
  esac
}

# docker_build NAME CONTEXT [ARGS...]: builds image NAME from CONTEXT/Dockerfile, quietly unless it fails
docker_build() {
  local name=$1 context=$2 image began logfile
  shift 2
  image=$(image_name "$name")
  logfile=$STAGING/$name.build.log
  began=$SECONDS
  mkdir -p "$STAGING"
  docker build --network host ${HEROES_IMAGES_NO_CACHE:+--no-cache} -t "$image" "$@" "$context" >"$logfile" 2>&1 ||
    die_with_log "images: building $image failed" "$logfile"
  log "images: $image built in $((SECONDS - began)) s"
}

# stage NAME: an empty build context of its own, printed
stage() {
  local dir=$STAGING/$1/context
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '%s' "$dir"
}

# link FILE DIR: FILE into the build context DIR, hard-linked (jars are large) or copied across file systems
link() {
  ln -f "$1" "$2/" 2>/dev/null || cp -p "$1" "$2/"
}

build_postgres() {
  local context
  context=$(stage postgres)
  cp -p "$REPO_ROOT"/docker/postgres/* "$context/"
  cp -p "$REPO_ROOT/schemas/src/main/resources/db/bootstrap/create-roles-and-database.sql" "$context/"
  docker_build postgres "$context"
}

# kafka_libs: the broker's jars, gathered once per version of scripts/kafka/pom.xml (as the local stack gathers them)
kafka_libs() {
  local libs=$STAGING/kafka/libs stamp
  stamp=$(sha256sum "$REPO_ROOT/scripts/kafka/pom.xml" | cut -c1-16)
  if [[ $(cat "$libs/.complete" 2>/dev/null) != "$stamp" ]]; then
    log "images: gathering Kafka's jars into $libs (mvn dependency:copy-dependencies)"
    rm -rf "$libs"
    mkdir -p "$libs"
    mvn -B -q -f "$REPO_ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$libs" \
      >"$STAGING/kafka/fetch.log" 2>&1 || die_with_log "images: could not gather Kafka's jars" "$STAGING/kafka/fetch.log"
    printf '%s' "$stamp" >"$libs/.complete"
  fi
  printf '%s' "$libs"
}

build_kafka() {
  local context libs jar
  libs=$(kafka_libs)
  context=$(stage kafka)
  cp -p "$REPO_ROOT"/docker/kafka/* "$context/"
  mkdir -p "$context/libs" "$context/ensure-topics"
  for jar in "$libs"/*.jar; do
    link "$jar" "$context/libs"
  done
  # the topic tool, compiled as scripts/lib/kafka.sh compiles it: with schemas' Topic.java (plain Java)
  javac --release 17 -nowarn -d "$context/ensure-topics" -cp "$libs/*" "$REPO_ROOT/scripts/kafka/EnsureTopics.java" \
    "$REPO_ROOT/schemas/src/main/java/org/heroes/analytics/schemas/Topic.java" >"$STAGING/kafka/javac.log" 2>&1 ||
    die_with_log "images: could not compile EnsureTopics.java" "$STAGING/kafka/javac.log"
  docker_build kafka "$context" --build-arg "JRE_IMAGE=$(image_name jre)"
}

# ensure_jars MODULE...: the Boot jars of the modules, built by Maven (tests skipped) when missing
ensure_jars() {
  local missing=() module
  for module in "$@"; do
    [[ -f $REPO_ROOT/$module/target/$module-$VERSION-exec.jar ]] || missing+=("$module")
  done
  ((${#missing[@]} == 0)) && return 0
  log "images: building the jars of ${missing[*]} (mvn package -DskipTests)"
  mkdir -p "$STAGING"
  (cd "$REPO_ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl "$(IFS=,; echo "${missing[*]}")" -am) \
    >"$STAGING/jars.log" 2>&1 || die_with_log "images: the build of the jars failed" "$STAGING/jars.log"
}

build_module() {
  local module=$1 context
  context=$(stage "$module")
  cp -p "$REPO_ROOT/docker/service/Dockerfile" "$context/"
  ln -f "$REPO_ROOT/$module/target/$module-$VERSION-exec.jar" "$context/application.jar" 2>/dev/null ||
    cp -p "$REPO_ROOT/$module/target/$module-$VERSION-exec.jar" "$context/application.jar"
  docker_build "$module" "$context" --build-arg "JRE_IMAGE=$(image_name jre)" --build-arg "SERVICE=$module"
}

build() {
  local wanted=("$@") name began=$SECONDS
  ((${#wanted[@]} > 0)) || wanted=(jre postgres pgbouncer kafka "${MODULES[@]}")
  docker image inspect debian:bookworm-slim >/dev/null 2>&1 ||
    die "images: no debian:bookworm-slim; run scripts/lib/docker-engine.sh first"
  local modules=()
  for name in "${wanted[@]}"; do
    [[ " ${MODULES[*]} " == *" $name "* ]] && modules+=("$name")
  done
  ((${#modules[@]} == 0)) || ensure_jars "${modules[@]}"
  for name in "${wanted[@]}"; do
    case $name in
      jre) docker_build jre "$REPO_ROOT/docker/jre" ;;
      postgres) build_postgres ;;
      pgbouncer) docker_build pgbouncer "$REPO_ROOT/docker/pgbouncer" ;;
      prometheus) docker_build prometheus "$REPO_ROOT/docker/prometheus" ;;
      kafka) build_kafka ;;
      *) image_name "$name" >/dev/null && build_module "$name" ;;
    esac
  done
  log "images: ${#wanted[@]} built in $((SECONDS - began)) s"
  for name in "${wanted[@]}"; do
    docker image inspect --format "{{index .RepoTags 0}} {{.Size}}" "$(image_name "$name")"
  done | awk '{ printf "  %-36s %5.0f MB\n", $1, $2 / 1000000 }' >&2
}

usage() {
  sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
  build) shift; build "$@" ;;
  names)
    for name in jre postgres pgbouncer kafka "${MODULES[@]}"; do
      printf '%s\n' "$(image_name "$name")"
    done
    ;;
  -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
