# shellcheck shell=bash
# The operator CLI (module cli): built on first use, then run with java.
# Needs: REPO_ROOT.

HEROES_CLI_JAR="${REPO_ROOT}/cli/target/cli-0.1.0-SNAPSHOT-exec.jar"

# heroes_cli ARGS... — runs the operator CLI, building it first if its jar is missing.
heroes_cli() {
  if [[ ! -f "$HEROES_CLI_JAR" ]]; then
    echo "Building the operator CLI (first use)..." >&2
    (cd "$REPO_ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true -pl cli -am install >&2)
  fi
  java -Xmx512m -jar "$HEROES_CLI_JAR" "$@"
}

# load_stack_env — exports the running local stack's HEROES_* variables unless HEROES_JWT_PRIVATE_KEY_FILE is set.
load_stack_env() {
  if [[ -z "${HEROES_JWT_PRIVATE_KEY_FILE:-}" ]]; then
    local env_lines
    if ! env_lines="$("$REPO_ROOT/scripts/stack.sh" env)"; then
      echo "No HEROES_JWT_PRIVATE_KEY_FILE and no local stack: run scripts/stack.sh up, or export the variables." >&2
      return 1
    fi
    eval "$env_lines"
  fi
}
