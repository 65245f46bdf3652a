package org.heroes.analytics.schemas;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every Kafka topic of contract §2, declared once: its name, partition count and topic configs (retention,
 * clean-up policy), and the same for its dead-letter topic. The local stack's {@code scripts/kafka/EnsureTopics.java}
 * and the test brokers of {@code test-support} both create (and converge) the topics from it; which topic a record
 * goes to, and its key, is its {@link EventKind}'s.
 *
 * <ul>
 *   <li>Event topics keep records for a <em>replay window</em> ({@code retention.ms}, default
 *       {@value #DEFAULT_RETENTION_DAYS} days, about one school term; the stack takes
 *       {@value #RETENTION_DAYS_VARIABLE}): a replay or a rebuild reaches back that far.
 *   <li>The roster topic is compacted ({@code cleanup.policy=compact}): it keeps, forever, the last
 *       record <em>written</em> for each key (the entity's id), so the whole roster stays replayable.
 *       Caveat: the database keeps the record with the latest {@code occurredAt}; if an older record is
 *       written after a newer one (a late backfill, a redrive), compaction may keep the older one, and
 *       a replay into an empty database would restore it. The live database is unaffected.
 *   <li>Dead-letter topics keep records for {@value #DEAD_LETTER_RETENTION_DAYS} days, or the replay window
 *       if that is shorter: a dead letter is a copy of a consumed record (a child's comment included), kept long
 *       enough to fix a cause and redrive it, and never longer than its source topic keeps the original (a replay
 *       of the source range does what a redrive does). docs/adr/0022.
 * </ul>
 *
 * <p>Plain Java on purpose, importing nothing but {@code java.*}: {@code scripts/lib/kafka.sh} compiles
 * this very file beside {@code EnsureTopics.java} before any module is built. {@code ArchitectureTest}
 * keeps it so (which is why routing a record, which needs Avro, is {@link EventKind}'s and not here).
 */
public enum Topic {
    ANALYTICS("heroes.analytics-events.v1", false),
    PROGRESS("heroes.student-progress.v1", false),
    FEEDBACK("heroes.student-feedback.v1", false),
    ROSTER("heroes.roster.v1", true);

    /** Partitions of every topic and dead-letter topic. */
    public static final int PARTITIONS = 3;

    /** Suffix of the dead-letter topic of each topic (Spring Kafka's default naming). */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    /** The replay window of the event topics unless configured: about one school term. */
    public static final int DEFAULT_RETENTION_DAYS = 90;

    /** The longest a dead-letter topic keeps a record, in days (the replay window, if shorter, bounds it). */
    public static final int DEAD_LETTER_RETENTION_DAYS = 30;

    /** The local stack's variable for the replay window, in days. */
    public static final String RETENTION_DAYS_VARIABLE = "HEROES_KAFKA_RETENTION_DAYS";

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final String topicName;
    private final boolean compacted;

    Topic(String topicName, boolean compacted) {
        this.topicName = topicName;
        this.compacted = compacted;
    }

    public String topicName() {
        return topicName;
    }

    public String deadLetterTopicName() {
        return topicName + DEAD_LETTER_SUFFIX;
    }

    /** The topic of this name, if it is one of the project's (dead-letter topics are not). */
    public static Optional<Topic> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
    }

    /** Whether the topic keeps the last record per key instead of a time window. */
    public boolean compacted() {
        return compacted;
    }

    /**
     * The topic's configs: compaction for the roster, otherwise deletion after the replay window.
     *
     * @throws IllegalArgumentException if {@code retentionDays} is not positive
     */
    public Map<String, String> configs(int retentionDays) {
        checkRetention(retentionDays);
        Map<String, String> configs = new LinkedHashMap<>();
        if (compacted) {
            configs.put(CLEANUP_POLICY, "compact");
        } else {
            configs.put(CLEANUP_POLICY, "delete");
            configs.put(RETENTION_MS, Long.toString(retentionDays * MILLIS_PER_DAY));
        }
        return configs;
    }

    /**
     * The dead-letter topic's configs: deletion after {@value #DEAD_LETTER_RETENTION_DAYS} days, or after the replay
     * window if that is shorter.
     */
    public Map<String, String> deadLetterConfigs(int retentionDays) {
        checkRetention(retentionDays);
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(CLEANUP_POLICY, "delete");
        configs.put(RETENTION_MS, Long.toString(Math.min(retentionDays, DEAD_LETTER_RETENTION_DAYS) * MILLIS_PER_DAY));
        return configs;
    }

    /** Every topic and dead-letter topic, each topic followed by its dead-letter topic, with its configs. */
    public static Map<String, Map<String, String>> all(int retentionDays) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (Topic topic : values()) {
            all.put(topic.topicName(), topic.configs(retentionDays));
            all.put(topic.deadLetterTopicName(), topic.deadLetterConfigs(retentionDays));
        }
        return all;
    }

    /**
     * The replay window in days from its textual setting; the default when {@code text} is null or blank.
     *
     * @throws IllegalArgumentException if the text is not a positive whole number of days
     */
    public static int retentionDays(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_RETENTION_DAYS;
        }
        try {
            int days = Integer.parseInt(text.strip());
            checkRetention(days);
            return days;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    RETENTION_DAYS_VARIABLE + " must be a positive whole number of days, not '" + text + "'");
        }
    }

    private static void checkRetention(int days) {
        if (days < 1 || days > 36_500) {
            throw new IllegalArgumentException(
                    RETENTION_DAYS_VARIABLE + " must be a number of days from 1 to 36500, not " + days);
        }
    }
}
