package org.heroes.analytics.store.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.heroes.analytics.schemas.Topic;

/**
 * What to replay: topics, and a range by Kafka record timestamp.
 *
 * @param topics the topics to re-read (each an event topic of contract §2)
 * @param from first record timestamp to replay, inclusive; {@code null} for the earliest offset
 * @param to record timestamp where the replay stops, exclusive; {@code null} for the end offsets as
 *     they are when the replay starts
 * @param dryRun write every batch in a transaction that is rolled back, publish no dead letter
 */
public record ReplayRequest(List<String> topics, Instant from, Instant to, boolean dryRun) {

    public ReplayRequest {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("no topic to replay");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " is not before --to " + to);
        }
    }

    /**
     * Parses the operator's words.
     *
     * @param topic a topic name ({@code heroes.analytics-events.v1}), its short name ({@code analytics},
     *     {@code progress}, {@code feedback}, {@code roster}) or {@code all}
     * @param from {@code earliest} or an instant: {@code 2026-11-26T09:00:00Z}, with an offset
     *     ({@code 2026-11-26T10:00:00+01:00}), or a date ({@code 2026-11-26}, midnight UTC)
     * @param to an instant as for {@code from}, or {@code null}
     * @throws IllegalArgumentException naming the word at fault
     */
    public static ReplayRequest parse(String topic, String from, String to, boolean dryRun) {
        Instant start = "earliest".equalsIgnoreCase(from) ? null : instant("--from", from);
        Instant end = to == null ? null : instant("--to", to);
        return new ReplayRequest(topics(topic), start, end, dryRun);
    }

    private static List<String> topics(String word) {
        if ("all".equalsIgnoreCase(word)) {
            return Arrays.stream(Topic.values()).map(Topic::topicName).toList();
        }
        for (Topic topic : Topic.values()) {
            if (topic.topicName().equals(word) || topic.name().equalsIgnoreCase(word)) {
                return List.of(topic.topicName());
            }
        }
        throw new IllegalArgumentException("unknown topic '" + word + "'; one of all, "
                + String.join(
                        ", ",
                        Arrays.stream(Topic.values())
                                .map(t -> t.name().toLowerCase(Locale.ROOT) + " (" + t.topicName() + ")")
                                .toList()));
    }

    private static Instant instant(String option, String word) {
        if (word == null || word.isBlank()) {
            throw new IllegalArgumentException(option + " needs an instant");
        }
        try {
            return OffsetDateTime.parse(word).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDate.parse(word).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new IllegalArgumentException(option + " '" + word
                        + "' is not an instant such as 2026-11-26T09:00:00Z, 2026-11-26T10:00:00+01:00 or 2026-11-26");
            }
        }
    }
}
