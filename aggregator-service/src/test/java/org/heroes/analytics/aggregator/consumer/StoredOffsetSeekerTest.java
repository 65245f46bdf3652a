package org.heroes.analytics.aggregator.consumer;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.heroes.analytics.store.offsets.BatchOffsets;
import org.heroes.analytics.store.offsets.OffsetStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;

class StoredOffsetSeekerTest {

    private final OffsetStore store = mock(OffsetStore.class);
    private final Consumer<?, ?> consumer = mock(Consumer.class);
    private final StoredOffsetSeeker seeker = new StoredOffsetSeeker(store);
    private final TopicPartition ahead = new TopicPartition("t", 0);
    private final TopicPartition behind = new TopicPartition("t", 1);

    @Test
    void assignedPartitionsStartAtTheirStoredOffsets() {
        when(store.stored(any())).thenReturn(Map.of(ahead, 42L));

        seeker.onPartitionsAssigned(consumer, List.of(ahead, behind));

        verify(consumer).seek(ahead, 42L);
    }

    @Test
    void unreadableStoreAtAssignmentLeavesKafkasPositionForTheCompareAndSetToCorrect() {
        when(store.stored(any()))
                .thenThrow(new UncategorizedSQLException("read", "SELECT", new SQLException("gone", "08006")));

        seeker.onPartitionsAssigned(consumer, List.of(ahead));

        verifyNoInteractions(consumer);
    }

    @Test
    void afterAStaleBatchEachPartitionGoesToTheStoredOffsetOrBackToTheBatchStart() {
        when(store.stored(any())).thenReturn(Map.of(ahead, 50L, behind, 3L));
        var batch =
                new BatchOffsets(List.of(new BatchOffsets.Range(ahead, 10, 20), new BatchOffsets.Range(behind, 7, 9)));

        seeker.seekAfterStaleBatch(consumer, batch);

        verify(consumer).seek(ahead, 50L);
        verify(consumer).seek(behind, 7L);
    }
}
