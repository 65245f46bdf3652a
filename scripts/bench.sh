#!/usr/bin/env bash
# The benchmarks: each compares the project against a baseline measured in the same run, since these
# machines are shared and noisy. Prints a table and writes JSON under target/bench/.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  cat <<'USAGE'
Usage: scripts/bench.sh NAME... [--option...] | all | --list

Runs the named benchmarks, each a script scripts/bench/NAME.sh that starts what it needs, measures the
project beside a baseline in the same invocation, prints a table and writes target/bench/NAME.json.
Options after the names (from the first word starting with --) go to each benchmark, e.g.
scripts/bench.sh query --events 2000000.

  --list       the benchmarks there are, with a line each
  -h, --help   this text and each benchmark's own --help
USAGE
  for script in "$REPO_ROOT"/scripts/bench/*.sh; do
    [[ -e $script ]] || continue
    echo
    bash "$script" --help
  done
}

benchmarks() {
  local script
  for script in "$REPO_ROOT"/scripts/bench/*.sh; do
    [[ -e $script ]] && basename "$script" .sh
  done
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --list)
    for name in $(benchmarks); do
      printf '%-8s %s\n' "$name" "$(sed -n '2s/^# //p' "$REPO_ROOT/scripts/bench/$name.sh")"
    done
    exit 0 ;;
  "") usage >&2; exit 2 ;;
esac

names=()
while [[ $# -gt 0 && $1 != --* ]]; do
  names+=("$1")
  shift
done
if [[ "${names[*]}" == all ]]; then
  mapfile -t names < <(benchmarks)
fi
mkdir -p "$REPO_ROOT/target/bench"
for name in "${names[@]}"; do
  script="$REPO_ROOT/scripts/bench/$name.sh"
  [[ -f $script ]] || { echo "no benchmark '$name' (scripts/bench.sh --list)" >&2; exit 2; }
  echo "==> benchmark $name"
  bash "$script" "$@"
done
