package org.heroes.analytics.store.retention;

import static org.assertj.core.api.Assertions.assertThat;

import org.heroes.analytics.schemas.EventKind;
import org.junit.jupiter.api.Test;

/**
 * What the writers' filter drops ({@code ExpiredEventsTest}: every event kind, by its event time), the job deletes:
 * every kind of the event family has its retention table, and no roster kind has one (roster records are state).
 */
class RetentionTableTest {

    @Test
    void everyEventKindHasItsRetentionTableAndNoRosterKindHasOne() {
        for (EventKind kind : EventKind.values()) {
            switch (kind.family()) {
                case EVENT ->
                    assertThat(RetentionTable.of(kind)).as(kind + "'s table").isPresent();
                case ROSTER ->
                    assertThat(RetentionTable.of(kind)).as(kind.name()).isEmpty();
            }
        }
    }
}
