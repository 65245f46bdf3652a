# shellcheck shell=bash
# The local stack's single-node KRaft Kafka broker (combined broker+controller), run from the Maven
# Central jars of scripts/kafka/pom.xml, with every topic created up front (auto-creation is off) with
# the partitions and configs of schemas' Topic (see kafka_ensure_topics).
# Expects: REPO_ROOT STACK_DIR KAFKA_PORT KAFKA_CONTROLLER_PORT; common.sh sourced.

KAFKA_HEAP=${HEROES_KAFKA_HEAP:--Xmx512m}

kafka_dir() { printf '%s/kafka' "$STACK_DIR"; }
kafka_log() { printf '%s/logs/kafka.log' "$STACK_DIR"; }
kafka_pidfile() { printf '%s/pids/kafka.pid' "$STACK_DIR"; }
kafka_running() { pid_matches "$(read_pid "$(kafka_pidfile)")" kafka.Kafka; }
kafka_ready() { kafka_running && port_open "$KAFKA_PORT"; }

# kafka_retention_days: the event topics' replay window in days (scripts/kafka/EnsureTopics.java applies
# it). HEROES_KAFKA_RETENTION_DAYS when set, remembered in the state dir, so that a later up without it
# keeps the window instead of silently shortening it; empty for Topic' default.
kafka_retention_days() {
  local saved
  saved="$(kafka_dir)/retention-days"
  if [[ -n ${HEROES_KAFKA_RETENTION_DAYS:-} ]]; then
    [[ $HEROES_KAFKA_RETENTION_DAYS =~ ^[1-9][0-9]*$ ]] ||
      die "HEROES_KAFKA_RETENTION_DAYS must be a positive whole number of days, not '$HEROES_KAFKA_RETENTION_DAYS'"
    mkdir -p "$(kafka_dir)"
    printf '%s\n' "$HEROES_KAFKA_RETENTION_DAYS" >"$saved"
    printf '%s' "$HEROES_KAFKA_RETENTION_DAYS"
  elif [[ -f $saved ]]; then
    cat "$saved"
  fi
}

kafka_fetch_libs() {
  local libs
  libs="$(kafka_dir)/libs"
  [[ -f $libs/.complete ]] && return 0
  log "kafka: gathering the broker's jars (once) into $libs"
  rm -rf "$libs"
  mkdir -p "$libs"
  mvn -B -q -f "$REPO_ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$libs" \
    >"$(kafka_dir)/fetch.log" 2>&1 || die_with_log "kafka: could not gather the jars" "$(kafka_dir)/fetch.log"
  touch "$libs/.complete"
}

kafka_configure() {
  local dir
  dir=$(kafka_dir)
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPERTIES
# written by scripts/stack.sh: KRaft combined mode, one node, local only
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES
  cat >"$dir/log4j2.properties" <<'PROPERTIES'
# Kafka 4 logs through Log4j 2; everything goes to standard output, which stack.sh sends to logs/kafka.log
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.state.name = state.change.logger
logger.state.level = WARN
PROPERTIES
  if [[ ! -f $dir/data/meta.properties ]]; then
    local cluster_id
    # the id is the last line: the tool may log before printing it
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    [[ $cluster_id =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: StorageTool random-uuid gave '$cluster_id'"
    log "kafka: formatting the log directory (cluster $cluster_id)"
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
      >"$dir/format.log" 2>&1 || die_with_log "kafka: formatting the storage failed" "$dir/format.log"
  fi
}

kafka_java() {
  java -Dlog4j2.configurationFile="$(kafka_dir)/log4j2.properties" -cp "$(kafka_dir)/libs/*" "$@"
}

kafka_start() {
  kafka_fetch_libs
  if kafka_running; then
    log "kafka: already running on port $KAFKA_PORT"
  else
    port_open "$KAFKA_PORT" && die "kafka: port $KAFKA_PORT is taken by something else (set HEROES_KAFKA_PORT)"
    port_open "$KAFKA_CONTROLLER_PORT" &&
      die "kafka: port $KAFKA_CONTROLLER_PORT is taken by something else (set HEROES_KAFKA_CONTROLLER_PORT)"
    kafka_configure
    log "kafka: starting on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
    mkdir -p "$STACK_DIR/logs" "$STACK_DIR/pids"
    # setsid: the broker outlives this shell and ignores its terminal's Ctrl-C
    setsid java "$KAFKA_HEAP" -Dlog4j2.configurationFile="$(kafka_dir)/log4j2.properties" \
      -cp "$(kafka_dir)/libs/*" kafka.Kafka "$(kafka_dir)/server.properties" \
      >"$(kafka_log)" 2>&1 </dev/null &
    echo $! >"$(kafka_pidfile)"
  fi
  wait_for 60 "kafka" port_open "$KAFKA_PORT" || die_with_log "kafka: not listening" "$(kafka_log)"
  kafka_running || die_with_log "kafka: the broker exited" "$(kafka_log)"
  kafka_ensure_topics
  grep -E '^(created|configured) ' "$(kafka_dir)/topics.log" | sed 's/^/kafka: /' >&2 || true
}

# kafka_ensure_topics: creates the missing topics and converges the configs of existing ones with
# scripts/kafka/EnsureTopics.java, compiled once together with schemas' Topic.java (the one
# definition of names, partitions, retention and compaction; plain Java, so no module build is needed)
# against the broker's client jar (a source-launched run costs seconds more on every up).
kafka_ensure_topics() {
  local dir source settings classes classpath days
  dir=$(kafka_dir)
  source="$REPO_ROOT/scripts/kafka/EnsureTopics.java"
  settings="$REPO_ROOT/schemas/src/main/java/org/heroes/analytics/schemas/Topic.java"
  classes="$dir/tools"
  classpath="$classes:$(printf '%s:' "$dir"/libs/kafka-clients-*.jar "$dir"/libs/slf4j-api-*.jar "$dir"/libs/log4j-*.jar)"
  if [[ ! -f $classes/EnsureTopics.class || $source -nt $classes/EnsureTopics.class ||
    $settings -nt $classes/EnsureTopics.class ]]; then
    rm -rf "$classes"
    mkdir -p "$classes"
    javac -nowarn -d "$classes" -cp "$classpath" "$source" "$settings" >"$dir/topics.log" 2>&1 ||
      die_with_log "kafka: could not compile $source" "$dir/topics.log"
  fi
  printf '%s\n' 'status = warn' 'appender.err.type = Console' 'appender.err.name = ERR' \
    'appender.err.target = SYSTEM_ERR' 'appender.err.layout.type = PatternLayout' \
    'appender.err.layout.pattern = %p %m (%c)%n' 'rootLogger.level = WARN' 'rootLogger.appenderRef.err.ref = ERR' \
    >"$dir/log4j2-tools.properties"
  days=$(kafka_retention_days)
  # one broker: replication 1 is allowed here only (EnsureTopics refuses it anywhere else)
  HEROES_KAFKA_LOCAL_SINGLE_BROKER=true HEROES_KAFKA_REPLICATION_FACTOR=1 HEROES_KAFKA_MIN_INSYNC_REPLICAS=1 \
    java -Dlog4j2.configurationFile="$dir/log4j2-tools.properties" -cp "$classpath" EnsureTopics \
    "127.0.0.1:$KAFKA_PORT" ${days:+"$days"} >"$dir/topics.log" 2>&1 ||
    die_with_log "kafka: could not create or configure the topics" "$dir/topics.log"
}

kafka_stop() {
  if kafka_running; then
    log "kafka: stopping"
    stop_pid "$(read_pid "$(kafka_pidfile)")" kafka TERM
  fi
  rm -f "$(kafka_pidfile)"
}
