#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine (none runs here or in CI): Debian's docker-compose
# parses and interpolates it with .env.example, once with throwaway secrets (must pass without a word on
# standard error) and once without them (must refuse, naming the missing variable); then dclint lints it
# against the compose-spec schema and its rules (.dclintrc). Installs both when missing. Run by
# scripts/test.sh; ComposeContractTest (system-tests) checks the file against the services' configuration.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=install-packages.sh
source "$REPO_ROOT/scripts/lib/install-packages.sh"

DCLINT_VERSION=3.1.0
# dclint 3's own requirement (package.json engines)
NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19
TOOLS_DIR=${HEROES_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/heroes-analytics}
# what docker-compose.yml requires (${VAR:?…}): the folder of its secrets' files (scripts/lib/deploy-secrets.sh)
SECRETS=(HEROES_SECRETS_DIR)
# what the Citus extension (deploy/citus/compose.citus.yml) requires besides
CITUS_SECRETS=(CITUS_SUPERUSER_PASSWORD HEROES_PG_OWNER_PASSWORD HEROES_PG_WRITER_PASSWORD HEROES_PG_READER_PASSWORD
  HEROES_PG_BACKUP_PASSWORD)

usage() {
  cat <<USAGE
Usage: scripts/lib/compose-check.sh

Checks docker-compose.yml offline, failing on the first problem:
  1. docker-compose config -q (Debian's docker-compose 1.29) with --env-file .env.example and
     a throwaway secrets folder, for the default services and for --profile monitoring: must pass silently
  2. the same without any one secret: must fail, naming it (every secret is \${VAR:?…})
  3. dclint ${DCLINT_VERSION} (npm) with .dclintrc, warnings counted as errors
Installs the Debian packages docker-compose (and nodejs, npm when node is missing) and dclint into
\$HEROES_TOOLS_DIR (default ~/.cache/heroes-analytics), once. Needs Node.js ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or later.

  -h, --help   this text
USAGE
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac

# ensure_dclint: prints the path of dclint, installing it into TOOLS_DIR once.
ensure_dclint() {
  local prefix="$TOOLS_DIR/dclint-$DCLINT_VERSION"
  local bin="$prefix/node_modules/.bin/dclint"
  if [[ ! -x $bin ]]; then
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
      ensure_debian_packages nodejs npm
    fi
    local version major minor
    version=$(node --version)
    IFS=. read -r major minor _ <<<"${version#v}"
    if ((major < NODE_MIN_MAJOR || (major == NODE_MIN_MAJOR && minor < NODE_MIN_MINOR))); then
      die "dclint $DCLINT_VERSION needs Node.js $NODE_MIN_MAJOR.$NODE_MIN_MINOR or later, found $version"
    fi
    log "installing dclint $DCLINT_VERSION into $prefix (npm, once)"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "dclint@$DCLINT_VERSION" \
      >"$prefix/install.log" 2>&1 || die_with_log "npm could not install dclint" "$prefix/install.log"
  fi
  printf '%s' "$bin"
}

# compose_config ARGS...: docker-compose config -q on the repository's file with .env.example.
compose_config() {
  docker-compose --project-directory "$REPO_ROOT" -f "$REPO_ROOT/docker-compose.yml" \
    --env-file "$REPO_ROOT/.env.example" "$@" config -q
}

check_config_with_secrets() {
  local name output profile
  for name in "${SECRETS[@]}"; do
    export "$name=$(random_secret 40)"
  done
  for profile in "" monitoring; do
    if ! output=$(compose_config ${profile:+--profile "$profile"} 2>&1) || [[ -n $output ]]; then
      printf '%s\n' "$output" >&2
      die "docker-compose config${profile:+ --profile $profile} failed or warned (above)"
    fi
  done
  log "docker-compose config: valid, with and without --profile monitoring"
  for name in "${CITUS_SECRETS[@]}"; do
    export "$name=$(random_secret 40)"
  done
  if ! output=$(compose_config -f "$REPO_ROOT/deploy/citus/compose.citus.yml" --profile citus 2>&1) ||
    [[ -n $output ]]; then
    printf '%s\n' "$output" >&2
    die "docker-compose config with deploy/citus/compose.citus.yml --profile citus failed or warned (above)"
  fi
  unset "${CITUS_SECRETS[@]}"
  log "docker-compose config: valid with the Citus extension (deploy/citus/compose.citus.yml, --profile citus)"
}

# check_config_refuses_missing_secrets: without any one secret, config must fail naming that secret.
check_config_refuses_missing_secrets() {
  local name output
  for name in "${SECRETS[@]}"; do
    if output=$(unset "$name" && compose_config 2>&1); then
      die "docker-compose config passed without $name: it must be required (\${$name:?…}) wherever it is used"
    fi
    grep -q "$name" <<<"$output" || die "docker-compose config failed without $name, but not naming it: $output"
  done
  log "docker-compose config: refuses to run without any one of the ${#SECRETS[@]} required variables (the secrets' folder)"
}

main() {
  ensure_debian_packages docker-compose
  check_config_with_secrets
  check_config_refuses_missing_secrets
  local dclint
  dclint=$(ensure_dclint)
  (cd "$REPO_ROOT" && "$dclint" --config .dclintrc --max-warnings 0 docker-compose.yml deploy/citus/compose.citus.yml) >&2 ||
    die "dclint found problems in docker-compose.yml or deploy/citus/compose.citus.yml (above)"
  log "dclint $DCLINT_VERSION: no problems"
}

main
