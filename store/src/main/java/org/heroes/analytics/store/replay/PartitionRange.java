package org.heroes.analytics.store.replay;

import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of one partition a replay covers.
 *
 * @param start first offset read
 * @param stop offset where reading stops: records at or past it are not written
 */
record PartitionRange(TopicPartition partition, long start, long stop) {

    /** Offsets in the range (records, less transaction markers and aborted records). */
    long size() {
        return Math.max(0, stop - start);
    }
}
