package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.id;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.store.offsets.BatchOffsets;
import org.heroes.analytics.store.offsets.StaleBatchException;
import org.heroes.analytics.store.sink.BatchSink;
import org.heroes.analytics.store.sink.SinkBatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The compare-and-set of the stored offsets, driven through the sink directly with offsets of a
 * partition of its own (a topic name no consumer reads), so the listener does not interfere.
 */
class ExactlyOnceOffsetsIT extends AggregatorIntegrationTest {

    @Autowired
    BatchSink sink;

    private final TopicPartition partition = new TopicPartition("cas-test-" + id(), 0);

    @Test
    void batchStartingBeforeTheStoredOffsetIsRefusedAndWritesNothing() {
        String classroomId = id();
        sink.write(batch(analytics(classroomId)), range(0, 5), NO_DEAD_LETTERS);
        AnalyticsEvent late = analytics(classroomId);

        assertThatThrownBy(() -> sink.write(batch(late), range(3, 8), NO_DEAD_LETTERS))
                .isInstanceOf(StaleBatchException.class);

        assertThat(stored()).isEqualTo(5);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM analytics_events WHERE event_id = ?::uuid",
                        Long.class,
                        late.getEventId()))
                .isZero();
        assertThat(db.queryForObject(
                        "SELECT sum(event_count) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid",
                        Long.class,
                        classroomId))
                .isEqualTo(1);
    }

    @Test
    void batchAfterAGapOfUndeliveredOffsetsMovesTheOffset() {
        sink.write(batch(analytics(id())), range(0, 5), NO_DEAD_LETTERS);

        sink.write(batch(analytics(id())), range(7, 9), NO_DEAD_LETTERS);

        assertThat(stored()).isEqualTo(9);
    }

    @Test
    void ofTwoConsumersWritingTheSameBatchAtOnceExactlyOneCommits() throws Exception {
        String classroomId = id();
        sink.write(batch(analytics(classroomId)), range(0, 1), NO_DEAD_LETTERS);
        AnalyticsEvent event = analytics(classroomId);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            Callable<Boolean> attempt = () -> {
                try {
                    sink.write(batch(event), range(1, 10), NO_DEAD_LETTERS);
                    return true;
                } catch (StaleBatchException e) {
                    return false;
                }
            };
            attempts.add(pool.submit(attempt));
            attempts.add(pool.submit(attempt));
            long committed = 0;
            for (Future<Boolean> f : attempts) {
                committed += f.get() ? 1 : 0;
            }
            assertThat(committed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stored()).isEqualTo(10);
        assertThat(db.queryForObject(
                        "SELECT sum(event_count) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid",
                        Long.class,
                        classroomId))
                .isEqualTo(2);
    }

    /** Classroom-wide events (no student): the roster has nothing to say about them (ADR 0021). */
    private static SinkBatch batch(AnalyticsEvent... events) {
        for (AnalyticsEvent event : events) {
            event.setStudentId(null);
        }
        return SinkBatch.of(List.of(events));
    }

    private BatchOffsets range(long first, long next) {
        return new BatchOffsets(List.of(new BatchOffsets.Range(partition, first, next)));
    }

    private long stored() {
        return db.queryForObject(
                "SELECT next_offset FROM consumer_offsets WHERE topic = ? AND kafka_partition = 0",
                Long.class,
                partition.topic());
    }
}
