package org.heroes.analytics.aggregator.consumer;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.heroes.analytics.store.offsets.BatchOffsets;
import org.heroes.analytics.store.offsets.OffsetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Positions a consumer on the stored offsets of the partitions it is assigned, and after a stale
 * batch. Partitions without a stored offset start where Kafka's committed offset (or
 * {@code auto.offset.reset}) puts them; Kafka's committed offset is only ever moved after the
 * database commit, so it is never past the stored one.
 */
@Component
public class StoredOffsetSeeker implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(StoredOffsetSeeker.class);

    private final OffsetStore store;

    StoredOffsetSeeker(OffsetStore store) {
        this.store = store;
    }

    /**
     * If the database cannot be read now, the consumer starts from Kafka's committed offsets, which are
     * never ahead of the stored ones; the compare-and-set of the first batch then catches any gap and
     * {@link #seekAfterStaleBatch} puts the consumer right. Throwing here would only fail the poll.
     */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        try {
            store.stored(partitions).forEach(consumer::seek);
        } catch (DataAccessException e) {
            log.warn(
                    "stored offsets of {} unreadable ({}); starting from Kafka's, the first batch's compare-and-set"
                            + " corrects the position",
                    partitions,
                    e.getMostSpecificCause().toString());
        }
    }

    /**
     * After a stale batch (nothing of it written): each partition of the batch goes to its stored
     * offset if that is past the batch's start, else back to the batch's start.
     */
    public void seekAfterStaleBatch(Consumer<?, ?> consumer, BatchOffsets batch) {
        Map<TopicPartition, Long> stored = store.stored(
                batch.partitions().stream().map(BatchOffsets.Range::partition).toList());
        for (BatchOffsets.Range range : batch.partitions()) {
            long next = Math.max(range.firstOffset(), stored.getOrDefault(range.partition(), range.firstOffset()));
            consumer.seek(range.partition(), next);
        }
    }
}
