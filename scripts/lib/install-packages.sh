# shellcheck shell=bash
# ensure_debian_packages PKG...: apt-get installs the packages that are not installed yet
# (one quiet apt-get update first, only when something is missing). Needs root or sudo.

ensure_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null || {
    printf 'ERROR: missing packages %s and no apt-get to install them\n' "${missing[*]}" >&2
    return 1
  }
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || {
      printf 'ERROR: missing packages %s; install them as root\n' "${missing[*]}" >&2
      return 1
    }
    sudo=(sudo)
  fi
  printf 'Installing Debian packages: %s\n' "${missing[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}
