package org.heroes.analytics.store.redrive;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counts of one redrive and the dead letters that stay, grouped by reason: how many per reason and
 * up to a few examples each, named by where they lie ({@code topic-partition@offset}) and their
 * {@code eventId} where readable. Never a field's value: dead letters may hold student data.
 */
public final class RedriveSummary {

    private final int examplesPerReason;
    private final Map<String, TopicCounts> topics = new LinkedHashMap<>();
    private final Map<String, Reason> reasons = new LinkedHashMap<>();
    private final List<String> missingTopics = new ArrayList<>();
    // counted on the producer's I/O thread, read after flush()
    private final AtomicLong redriven = new AtomicLong();
    private final AtomicLong unacknowledged = new AtomicLong();

    public RedriveSummary(int examplesPerReason) {
        this.examplesPerReason = examplesPerReason;
    }

    /** A dead-letter topic that does not exist (nothing was ever dead-lettered there, or it was never created). */
    public void missing(String deadLetterTopic) {
        missingTopics.add(deadLetterTopic);
    }

    /** A dead-letter topic that was read (so it is listed even when it held nothing in range). */
    public void read(String deadLetterTopic) {
        counts(deadLetterTopic);
    }

    public void examined(String deadLetterTopic) {
        counts(deadLetterTopic).examined++;
    }

    /** One dead letter passed re-validation (and, unless a dry run, is being sent back). */
    public void passed(String deadLetterTopic) {
        counts(deadLetterTopic).passed++;
    }

    public void failed(String deadLetterTopic, String position, Verdict.Fails verdict) {
        counts(deadLetterTopic).failed++;
        Reason reason = reasons.computeIfAbsent(verdict.reason().replaceAll("\\s+", " "), Reason::new);
        reason.count++;
        if (reason.examples.size() < examplesPerReason) {
            reason.examples.add(verdict.eventId() == null ? position : position + " eventId " + verdict.eventId());
        }
    }

    /** Kafka acknowledged one redriven record (acks=all). */
    void acknowledged() {
        redriven.incrementAndGet();
    }

    /** Kafka refused, or did not acknowledge in time, one redriven record. */
    void unacknowledged() {
        unacknowledged.incrementAndGet();
    }

    public long examined() {
        return topics.values().stream().mapToLong(c -> c.examined).sum();
    }

    public long passed() {
        return topics.values().stream().mapToLong(c -> c.passed).sum();
    }

    public long failed() {
        return topics.values().stream().mapToLong(c -> c.failed).sum();
    }

    public long redriven() {
        return redriven.get();
    }

    public long unacknowledgedCount() {
        return unacknowledged.get();
    }

    public void print(PrintWriter out, boolean dryRun) {
        for (String topic : missingTopics) {
            out.printf("%s: no such topic%n", topic);
        }
        topics.forEach((topic, c) -> out.printf(
                "%s: examined %d, %s %d, still failing %d%n",
                topic, c.examined, dryRun ? "would redrive" : "passed", c.passed, c.failed));
        if (dryRun) {
            out.printf("dry run: examined %d, would redrive %d, still failing %d%n", examined(), passed(), failed());
        } else {
            out.printf(
                    "examined %d, redriven %d, still failing %d%s%n",
                    examined(),
                    redriven(),
                    failed(),
                    unacknowledgedCount() == 0 ? "" : ", NOT acknowledged " + unacknowledgedCount());
        }
        if (reasons.isEmpty()) {
            return;
        }
        out.println("still failing, by reason (count, reason, examples):");
        reasons.values().stream()
                .sorted(Comparator.comparingLong((Reason r) -> r.count).reversed())
                .forEach(r -> {
                    out.printf("  %d  %s%n", r.count, r.text);
                    r.examples.forEach(example -> out.printf("       %s%n", example));
                });
    }

    private TopicCounts counts(String deadLetterTopic) {
        return topics.computeIfAbsent(deadLetterTopic, t -> new TopicCounts());
    }

    private static final class TopicCounts {
        private long examined;
        private long passed;
        private long failed;
    }

    private static final class Reason {
        private final String text;
        private final List<String> examples = new ArrayList<>();
        private long count;

        private Reason(String text) {
            this.text = text;
        }
    }
}
