package org.heroes.analytics.cli.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The batches sent to one classroom, in the order ingest accepted them, until the query API counts them. One sender
 * thread owns a classroom and sends its batches one after another, so they reach the classroom's partition in that
 * order, and the aggregator commits a partition in order: once the API counts at least a batch's running total,
 * that batch and every one before it are visible.
 */
final class ClassroomStream {

    /** A batch accepted (its 202) at {@code acceptedNanos}, visible once the count reaches {@code runningTotal}. */
    private record Sent(long runningTotal, long acceptedNanos) {}

    private final String classroomId;
    private final Deque<Sent> waiting = new ArrayDeque<>();
    private long sent;

    ClassroomStream(String classroomId) {
        this.classroomId = classroomId;
    }

    String classroomId() {
        return classroomId;
    }

    /** A batch of {@code events} that ingest accepted (answered 202) at {@code acceptedNanos}. */
    synchronized void accepted(long events, long acceptedNanos) {
        sent += events;
        waiting.addLast(new Sent(sent, acceptedNanos));
    }

    /** Events accepted so far. */
    synchronized long sent() {
        return sent;
    }

    /** Whether a batch is still waiting to be counted. */
    synchronized boolean waiting() {
        return !waiting.isEmpty();
    }

    /**
     * The API counted {@code count} events at {@code answeredNanos}: the milliseconds from 202 to visible of each
     * batch that this count shows for the first time.
     */
    synchronized List<Double> counted(long count, long answeredNanos) {
        List<Double> latencies = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peekFirst().runningTotal() <= count) {
            latencies.add((answeredNanos - waiting.removeFirst().acceptedNanos()) / 1e6);
        }
        return latencies;
    }
}
