package org.heroes.analytics.store.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The cheap half of retention on {@code analytics_events} (ADR 0016): whole monthly partitions whose month ends at
 * or before the horizon are dropped, through the V7 function {@code analytics_events_drop_partitions_before}
 * (SECURITY DEFINER: {@code heroes_writer} may not drop tables), instead of being deleted row by row. The
 * batched delete then trims what is left: the partly expired month and the default partition.
 */
@Component
class ExpiredPartitions {

    static final String DROP_BEFORE =
            "SELECT partition_name, row_count FROM analytics_events_drop_partitions_before(:horizon)";

    /** A partition dropped and the rows it held. */
    record Dropped(String partition, long rows) {}

    private final JdbcClient jdbc;

    ExpiredPartitions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Drops the month partitions entirely before {@code horizon}, in one short transaction of their own. */
    List<Dropped> dropBefore(Instant horizon) {
        return jdbc.sql(DROP_BEFORE)
                .param("horizon", horizon.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Dropped(rs.getString("partition_name"), rs.getLong("row_count")))
                .list();
    }
}
