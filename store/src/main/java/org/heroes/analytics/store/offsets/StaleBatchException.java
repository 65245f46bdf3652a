package org.heroes.analytics.store.offsets;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * The stored offset of some partition of the batch is already past the batch's first record: another
 * consumer (this one's successor after a rebalance, or a competing instance) has written those
 * records. The batch's transaction is rolled back; the consumer must seek to the stored offsets.
 */
public class StaleBatchException extends ConcurrencyFailureException {

    public StaleBatchException(BatchOffsets offsets) {
        super("stored offsets moved past the batch " + offsets.partitions() + "; it was written elsewhere");
    }
}
