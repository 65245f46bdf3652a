#!/usr/bin/env bash
# Gives a Debian machine a running Docker engine and the base image debian:bookworm-slim, also where no image
# registry can be reached (only Debian's package mirror). Every image of the project is built FROM that base
# (scripts/lib/images.sh, docs/adr/0027). Idempotent: scripts/test.sh and scripts/stack.sh --compose run it first.
#
#   scripts/lib/docker-engine.sh           # ensure the engine runs and the base image exists
#   scripts/lib/docker-engine.sh --stop    # stop the engine this script started (by its pid file)
#
# Each step only if needed:
#   1. apt-get installs docker.io, docker-compose (1.29) and debootstrap;
#   2. starts dockerd on the default socket with --iptables=false (no NAT: containers reach each other on their
#      compose network and ports publish on 127.0.0.1, but nothing outside; image builds use the host's network);
#   3. pulls debian:bookworm-slim, or, when no registry answers, builds it with debootstrap (minbase) from the Debian
#      mirror of this machine's apt sources and imports it: the same base a user gets from Docker Hub.
# Needs root (apt-get, dockerd).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=install-packages.sh
source "$REPO_ROOT/scripts/lib/install-packages.sh"

PIDFILE=/var/run/heroes-dockerd.pid
LOGFILE=/var/log/heroes-dockerd.log
BASE_IMAGE=debian:bookworm-slim

usage() {
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

stop_engine() {
  local pid
  pid=$(read_pid "$PIDFILE")
  if [[ -n $pid ]] && pid_matches "$pid" dockerd; then
    stop_pid "$pid" dockerd TERM
    log "docker-engine: stopped dockerd $pid"
  else
    log "docker-engine: no dockerd started by this script is running"
  fi
  rm -f "$PIDFILE"
}

start_engine() {
  docker info >/dev/null 2>&1 && return 0
  log "docker-engine: starting dockerd (log $LOGFILE)"
  nohup dockerd --iptables=false --ip6tables=false >"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  wait_for 60 dockerd docker info || die_with_log "docker-engine: dockerd did not come up" "$LOGFILE"
}

# debian_mirror: the Debian mirror of this machine's apt sources (deb822 or one-line format)
debian_mirror() {
  local mirror
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  [[ -n $mirror ]] || mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  [[ -n $mirror ]] || die "docker-engine: no Debian mirror found in the apt sources"
  printf '%s' "$mirror"
}

ensure_base_image() {
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && return 0
  if timeout 20 docker pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
    log "docker-engine: pulled $BASE_IMAGE"
    return 0
  fi
  local mirror root
  mirror=$(debian_mirror)
  root=$(mktemp -d /var/tmp/bookworm-rootfs.XXXXXX)
  log "docker-engine: no registry answers; building $BASE_IMAGE with debootstrap (minbase) from $mirror"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 ||
    { rm -rf "$root"; die_with_log "docker-engine: debootstrap failed" "$root.log"; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$root" "$root.log"
  log "docker-engine: imported $BASE_IMAGE"
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --stop) stop_engine; exit 0 ;;
  "") ;;
  *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac
[[ $(id -u) -eq 0 ]] || die "docker-engine: run as root (apt-get, dockerd)"
command -v dockerd >/dev/null || ensure_debian_packages docker.io
command -v docker-compose >/dev/null || ensure_debian_packages docker-compose
command -v debootstrap >/dev/null || ensure_debian_packages debootstrap
start_engine
ensure_base_image
log "docker-engine: ready: engine $(docker version --format '{{.Server.Version}}'), $BASE_IMAGE," \
  "docker-compose $(docker-compose version --short 2>/dev/null)"
