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

`all` runs every benchmark (the sink in both shapes) and writes one report: target/bench/report.md (each
run's table, the command, the date, the commit, the machine and its load average before and after) and
target/bench/report.json (the same, with each run's own JSON). A run that fails is reported as failed, the
others still run, and the exit status says so. Dated history goes to docs/benchmarks.md by hand.

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
mkdir -p "$REPO_ROOT/target/bench"

# run_one RUN...: one benchmark run (a name and its own options, then the shared options), its stdout kept in
# target/bench/<run>.out for the report.
run_one() {
  local name=$1 script="$REPO_ROOT/scripts/bench/$1.sh"
  shift
  [[ -f $script ]] || { echo "no benchmark '$name' (scripts/bench.sh --list)" >&2; return 2; }
  echo "==> benchmark $name $*"
  bash "$script" "$@" | tee "$REPO_ROOT/target/bench/$(run_file "$name" "$@").out"
  return "${PIPESTATUS[0]}"
}

# run_file RUN...: a file name for a run, e.g. "sink --shape uniform" -> sink-shape-uniform
run_file() {
  local IFS=-
  local words="$*"
  words="${words//--/}"
  printf '%s' "${words//[^A-Za-z0-9-]/}"
}

if [[ "${names[*]}" != all ]]; then
  for name in "${names[@]}"; do
    run_one "$name" "$@"
  done
  exit 0
fi

# all: every benchmark once, and the sink's worst case for rollups besides its default shape
runs=()
for name in $(benchmarks); do
  runs+=("$name")
  [[ $name == sink ]] && runs+=("sink --shape uniform")
done
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
commit="$(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
failed=0
statuses=()
for run in "${runs[@]}"; do
  # shellcheck disable=SC2086 # a run is a name and its own options, split on purpose
  if run_one $run "$@"; then statuses+=(ok); else statuses+=("failed (exit $?)"); failed=1; fi
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

report="$REPO_ROOT/target/bench/report.md"
{
  echo "# Benchmarks, $started"
  echo
  echo "- command: \`scripts/bench.sh all${*:+ $*}\`"
  echo "- commit: $commit"
  echo "- machine: $machine"
  echo "- load average before: $load_before; after: $load_after"
  for i in "${!runs[@]}"; do
    # shellcheck disable=SC2086
    file="$(run_file ${runs[$i]} "$@")"
    echo
    echo "## ${runs[$i]}: ${statuses[$i]}"
    echo
    echo '```'
    grep -v '^wrote ' "$REPO_ROOT/target/bench/$file.out" || true
    echo '```'
  done
} >"$report"

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
{
  printf '{"date":%s,"command":%s,"commit":%s,"machine":%s,"loadBefore":%s,"loadAfter":%s,"runs":[' \
    "$(json_string "$started")" "$(json_string "scripts/bench.sh all${*:+ $*}")" "$(json_string "$commit")" \
    "$(json_string "$machine")" "$(json_string "$load_before")" "$(json_string "$load_after")"
  for i in "${!runs[@]}"; do
    # shellcheck disable=SC2086
    file="$(run_file ${runs[$i]} "$@")"
    json="$(sed -n 's/^wrote \(target\/bench\/[^ ]*\.json\)$/\1/p' "$REPO_ROOT/target/bench/$file.out" | tail -n1)"
    (( i == 0 )) || printf ','
    printf '{"run":%s,"status":%s,"result":' "$(json_string "${runs[$i]}")" "$(json_string "${statuses[$i]}")"
    if [[ -n $json && -s $REPO_ROOT/$json ]]; then cat "$REPO_ROOT/$json"; else printf 'null'; fi
    printf '}'
  done
  printf ']}\n'
} >"$REPO_ROOT/target/bench/report.json"
echo "wrote target/bench/report.md and target/bench/report.json"
exit "$failed"
