# shellcheck shell=bash
# Shared by the benchmarks that run aggregator-service's bench classes (scripts/bench/sink.sh, replay.sh, scale.sh).
# Needs: REPO_ROOT, the current directory REPO_ROOT.

# aggregator_bench_classpath NAME: the class path of aggregator-service's test classes (the bench drivers,
# test-support's real PostgreSQL, PgBouncer and Kafka), resolved offline into target/bench/NAME.classpath.
# In the reactor (-am, compiled in the same run): the project's own modules come from their target/classes,
# never from a stale or missing copy in ~/.m2 (the last module, aggregator-service, writes the file last).
aggregator_bench_classpath() {
  local file="$REPO_ROOT/target/bench/$1.classpath"
  mkdir -p "$REPO_ROOT/target/bench"
  mvn -B -q -o -Dspotless.check.skip=true -pl aggregator-service -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$file" >&2
  printf 'aggregator-service/target/test-classes:aggregator-service/target/classes:%s' "$(cat "$file")"
}

# The JVM options of every bench driver run on that class path: logging as scripts/bench/logback.xml says
# (warnings only, and what the test infrastructure starts), so a benchmark prints its table and progress.
BENCH_DRIVER_JAVA_OPTS=(-Dlogback.configurationFile="$REPO_ROOT/scripts/bench/logback.xml")
