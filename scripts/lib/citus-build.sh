#!/usr/bin/env bash
# Builds Citus from its source tarball and installs it into this machine's PostgreSQL 15, unless that version
# is installed already. The step in front of every Citus cluster the project starts on a development or CI
# machine (scripts/test.sh's Citus step, test-support's Citus infrastructure, -Dheroes.infrastructure=citus).
# See --help; docs/scaling.md, section 2.
set -euo pipefail

CITUS_VERSION=13.2.2
CITUS_SHA256=dd2453caec20a830e5e63f1def5c5a98cb6f57ae510407cdcd800916fcdab430
CITUS_TARBALL=citus-$CITUS_VERSION.tar.gz
# the machines' vendored copy: beside the repository's folder (../shared/vendor), else the machines' fixed path
CITUS_DEFAULT_TARBALL=/work/shared/vendor/$CITUS_TARBALL
_beside="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared/vendor/$CITUS_TARBALL"
[[ -f $_beside ]] && CITUS_DEFAULT_TARBALL=$_beside
unset _beside
# what Citus needs to build against Debian's PostgreSQL 15 (libpq-dev comes with postgresql-server-dev-15); no
# libcurl: configured --without-libcurl, so the build has no anonymous usage statistics that would call home
CITUS_BUILD_PACKAGES=(postgresql-15 postgresql-server-dev-15 liblz4-dev libzstd-dev libkrb5-dev
  libselinux1-dev libxslt1-dev libpam0g-dev libreadline-dev flex build-essential)

usage() {
  cat <<USAGE
Usage: scripts/lib/citus-build.sh [--check]

Builds Citus $CITUS_VERSION from its source tarball and installs it into PostgreSQL 15 (Debian's,
/usr/lib/postgresql/15), for the Citus clusters the project starts on a development or CI machine:
the Citus test profile (scripts/test.sh; test-support with -Dheroes.infrastructure=citus).
Does nothing when Citus $CITUS_VERSION is installed already (whoever installed it). About 1.5 minutes
on 2 cores when it builds.

A real deployment does not build Citus: it installs Citus's own packages (packages.citusdata.com,
e.g. postgresql-15-citus-13.2) or runs Citus's images. This script exists because this project's
machines reach no registry but Debian's and Maven Central.

Steps: the Debian build dependencies (apt-get, when missing: ${CITUS_BUILD_PACKAGES[*]});
the tarball's SHA-256 checked against $CITUS_SHA256; unpacked into a
temporary folder; one patch (src/include/pg_version_compat.h defines a static inline
have_createdb_privilege() that clashes with the function PostgreSQL 15.18 exports: the shim is renamed,
calls reach PostgreSQL's own); ./configure --without-libcurl (no usage statistics sent home),
make -j2, make install (as root, or through sudo).

  --check     only report whether Citus $CITUS_VERSION is installed (exit 0) or not (exit 1)
  -h, --help  this text

Environment:
  HEROES_CITUS_TARBALL the tarball ($CITUS_TARBALL), default $CITUS_DEFAULT_TARBALL
                       (where this machine keeps its vendored copy); a machine that keeps it elsewhere
                       sets this variable. Its SHA-256 is checked either way.
  HEROES_PG_BIN        PostgreSQL's bin folder (pg_config), default /usr/lib/postgresql/15/bin
USAGE
}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$SCRIPT_DIR/common.sh"
# shellcheck source=install-packages.sh
source "$SCRIPT_DIR/install-packages.sh"

PG_BIN=${HEROES_PG_BIN:-/usr/lib/postgresql/15/bin}

# citus_installed: citus.so of this version and its extension control file are in PostgreSQL's folders.
citus_installed() {
  local pg_config="$PG_BIN/pg_config" libdir sharedir
  if [[ -x $pg_config ]]; then
    libdir=$("$pg_config" --pkglibdir)
    sharedir=$("$pg_config" --sharedir)
  else # pg_config comes with the -dev package; the server's folders are Debian's fixed ones
    libdir=/usr/lib/postgresql/15/lib
    sharedir=/usr/share/postgresql/15
  fi
  [[ -f $libdir/citus.so && -f $sharedir/extension/citus.control ]] &&
    grep -aqF "Citus $CITUS_VERSION " "$libdir/citus.so"
}

# citus_source: the tarball's path, HEROES_CITUS_TARBALL or this machine's vendored copy.
citus_source() {
  local tarball=${HEROES_CITUS_TARBALL:-$CITUS_DEFAULT_TARBALL}
  [[ -f $tarball ]] ||
    die "no Citus source at $tarball: set HEROES_CITUS_TARBALL to the path of $CITUS_TARBALL" \
      "(sha256 $CITUS_SHA256). A real deployment installs Citus's own packages instead."
  printf '%s' "$tarball"
}

build_and_install() {
  local tarball=$1 work sudo=()
  [[ $(sha256sum "$tarball" | cut -d' ' -f1) == "$CITUS_SHA256" ]] ||
    die "$tarball is not Citus $CITUS_VERSION: its sha256 is not $CITUS_SHA256"
  if ! is_root; then
    command -v sudo >/dev/null || die "installing Citus needs root (or sudo)"
    sudo=(sudo)
  fi
  ensure_debian_packages "${CITUS_BUILD_PACKAGES[@]}" || die "could not install Citus's build dependencies"
  work=$(mktemp -d "${TMPDIR:-/tmp}/heroes-citus-build.XXXXXX")
  # shellcheck disable=SC2064 # the folder is known now
  trap "rm -rf '$work'" EXIT
  tar -xzf "$tarball" -C "$work"
  local src="$work/citus-$CITUS_VERSION"
  [[ -d $src ]] || die "$tarball does not unpack to citus-$CITUS_VERSION/"
  # PostgreSQL 15.18 exports have_createdb_privilege(); Citus's static inline copy for older minors clashes with it
  sed -i 's/^have_createdb_privilege(void)$/citus_compat_have_createdb_privilege_unused(void)/' \
    "$src/src/include/pg_version_compat.h"
  grep -q '^citus_compat_have_createdb_privilege_unused(void)$' "$src/src/include/pg_version_compat.h" ||
    die "the have_createdb_privilege patch no longer applies to $tarball"
  log "citus: building $CITUS_VERSION in $src (log: $work/build.log)"
  local began=$SECONDS
  if ! (cd "$src" && PG_CONFIG="$PG_BIN/pg_config" ./configure --without-libcurl && make -j2) \
    >"$work/build.log" 2>&1; then
    cp "$work/build.log" "${TMPDIR:-/tmp}/heroes-citus-build-failed.log"
    die_with_log "citus: the build failed (log kept in ${TMPDIR:-/tmp}/heroes-citus-build-failed.log)" "$work/build.log"
  fi
  (cd "$src" && "${sudo[@]}" make install) >>"$work/build.log" 2>&1 ||
    die_with_log "citus: make install failed" "$work/build.log"
  citus_installed || die "citus: installed, but PostgreSQL's folders do not show Citus $CITUS_VERSION"
  log "citus: $CITUS_VERSION built and installed in $((SECONDS - began))s"
}

main() {
  case ${1:-} in
    -h | --help) usage ;;
    --check) citus_installed ;;
    "")
      # one build at a time on this machine: a second caller waits, then finds it installed
      exec 9>"${TMPDIR:-/tmp}/heroes-citus-build.lock"
      flock 9
      if citus_installed; then
        log "citus: $CITUS_VERSION is installed already"
      else
        build_and_install "$(citus_source)"
      fi
      ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
