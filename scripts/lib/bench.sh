# shellcheck shell=bash
# Shared by the benchmarks: the class path of aggregator-service's bench classes (scripts/bench/sink.sh, replay.sh,
# scale.sh) and a stack of a benchmark's own (ingest.sh, query.sh, freshness.sh).
# Needs: REPO_ROOT, the current directory REPO_ROOT.
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"

# aggregator_bench_classpath NAME: the class path of aggregator-service's test classes (the bench drivers,
# test-support's real PostgreSQL, PgBouncer and Kafka), resolved offline into target/bench/NAME.classpath.
# In the reactor (-am, compiled in the same run): the project's own modules come from their target/classes,
# never from a stale or missing copy in ~/.m2 (the last module, aggregator-service, writes the file last).
aggregator_bench_classpath() {
  local file="$REPO_ROOT/target/bench/$1.classpath"
  mkdir -p "$REPO_ROOT/target/bench"
  mvn -B -q -Dspotless.check.skip=true -pl aggregator-service -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$file" >&2
  printf 'aggregator-service/target/test-classes:aggregator-service/target/classes:%s' "$(cat "$file")"
}

# bench_jars_stale JAR...: true when one of the jars is missing, or when a source of this tree (any module's src/,
# any pom.xml) is newer than the oldest of them: a benchmark must run this tree's code, not the last build's (a jar
# from before a pull stops the run against the newer migrations: "the database is at schema version N, ahead of...").
bench_jars_stale() {
  local jar oldest=""
  for jar in "$@"; do
    [[ -n $jar && -f $jar ]] || return 0
    if [[ -z $oldest || $jar -ot $oldest ]]; then oldest=$jar; fi
  done
  [[ -n $(find "$REPO_ROOT" \( -name .git -o -name target -o -name node_modules \) -prune \
            -o -type f \( -path '*/src/*' -o -name pom.xml \) -newer "$oldest" -print -quit) ]]
}

# The JVM options of every bench driver run on that class path: logging as scripts/bench/logback.xml says
# (warnings only, and what the test infrastructure starts), so a benchmark prints its table and progress.
BENCH_DRIVER_JAVA_OPTS=(-Dlogback.configurationFile="$REPO_ROOT/scripts/bench/logback.xml")

# bench_private_stack NAME: a fresh state directory for a stack of the benchmark's own (common.sh's private_stack), so
# that it never meets the developer's stack: exports HEROES_STACK_DIR (also in BENCH_STATE) and every port of the
# stack, each a free one.
bench_private_stack() {
  private_stack "heroes-bench-$1"
  # shellcheck disable=SC2034 # read by the benchmark that sources this file
  BENCH_STATE=$HEROES_STACK_DIR
}
