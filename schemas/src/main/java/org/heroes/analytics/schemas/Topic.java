package org.heroes.analytics.schemas;

import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The topics of contract §2 and how a record is routed: which topic it goes to and its record key, as its
 * {@link EventKind} declares them.
 * Events are keyed by classroom, so one classroom's events stay in order on one partition; roster
 * records by the id of the entity they describe. Names, partitions and configs of the topics are
 * {@link TopicSettings}.
 */
public enum Topic {
    ANALYTICS(TopicSettings.ANALYTICS),
    PROGRESS(TopicSettings.PROGRESS),
    FEEDBACK(TopicSettings.FEEDBACK),
    ROSTER(TopicSettings.ROSTER);

    /** Suffix of the dead-letter topic of each topic (Spring Kafka's default naming). */
    public static final String DEAD_LETTER_SUFFIX = TopicSettings.DEAD_LETTER_SUFFIX;

    private final TopicSettings settings;

    Topic(TopicSettings settings) {
        this.settings = settings;
    }

    public String topicName() {
        return settings.topicName();
    }

    public String deadLetterTopicName() {
        return settings.deadLetterTopicName();
    }

    /** The topic's name, partitions and configs. */
    public TopicSettings settings() {
        return settings;
    }

    public static Optional<Topic> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.topicName().equals(name)).findFirst();
    }

    /**
     * Why the record does not belong on the named topic, e.g. {@code "ProgressEvent belongs on
     * heroes.student-progress.v1, not on heroes.analytics-events.v1"}; empty when it does. A consumer
     * refuses a record read from another kind's topic.
     */
    public static Optional<String> misplacement(SpecificRecord record, String topicName) {
        Topic expected = of(record);
        if (expected.topicName().equals(topicName)) {
            return Optional.empty();
        }
        return Optional.of(
                "%s belongs on %s, not on %s".formatted(record.getSchema().getName(), expected.topicName(), topicName));
    }

    /** The topic a record belongs on ({@link EventKind#topic()}). */
    public static Topic of(SpecificRecord record) {
        return EventKind.of(record).topic();
    }

    /** The record key ({@link EventKind#key}): the classroom for events, the entity's own id for roster records. */
    public static String keyOf(SpecificRecord record) {
        return EventKind.of(record).key(record);
    }
}
