package org.heroes.analytics.schemas;

import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;

/**
 * The topics of contract §2 and how a record is routed: which topic it goes to and its record key.
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

    /** The topic a record belongs on. */
    public static Topic of(SpecificRecord record) {
        if (record instanceof AnalyticsEvent) {
            return ANALYTICS;
        } else if (record instanceof ProgressEvent) {
            return PROGRESS;
        } else if (record instanceof FeedbackEvent) {
            return FEEDBACK;
        } else if (record instanceof FacilitatorRecord
                || record instanceof ClassroomRecord
                || record instanceof StudentRecord) {
            return ROSTER;
        }
        throw new IllegalArgumentException("no topic for " + record.getSchema().getFullName());
    }

    /** The record key: the classroom for events, the entity's own id for roster records. */
    public static String keyOf(SpecificRecord record) {
        if (record instanceof AnalyticsEvent e) {
            return e.getClassroomId();
        } else if (record instanceof ProgressEvent e) {
            return e.getClassroomId();
        } else if (record instanceof FeedbackEvent e) {
            return e.getClassroomId();
        } else if (record instanceof FacilitatorRecord r) {
            return r.getFacilitatorId();
        } else if (record instanceof ClassroomRecord r) {
            return r.getClassroomId();
        } else if (record instanceof StudentRecord r) {
            return r.getStudentId();
        }
        throw new IllegalArgumentException("no key for " + record.getSchema().getFullName());
    }
}
