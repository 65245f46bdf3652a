package org.heroes.analytics.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.heroes.analytics.eventsjson.MappedBatch;
import org.heroes.analytics.eventsjson.Rejection;
import org.heroes.analytics.eventsjson.Warning;

/**
 * The 202 answer: how many items Kafka acknowledged, why the others were not taken, which accepted items carried
 * fields the service does not know (dropped, never stored), and the correction made for the sender's clock.
 *
 * @param accepted the number of items published
 * @param rejected the items refused, with their reasons
 * @param warnings the accepted items whose unknown fields were dropped, each with one {@code "field: reason"}
 *     per field
 * @param clockCorrection what was added to every {@code occurredAt} of the batch for the sender's clock (its
 *     {@code sentAt}), an ISO-8601 duration such as {@code PT-3H}; absent when none was made
 */
record IngestAnswer(
        int accepted,
        List<Rejection> rejected,
        List<ItemWarnings> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) String clockCorrection) {

    /**
     * One accepted item's warnings.
     *
     * @param index the item's position in the request's array, from 0
     * @param eventId its {@code eventId}
     * @param warnings one {@code "field: is not a field of <kind>; dropped"} per unknown field
     */
    record ItemWarnings(int index, String eventId, List<String> warnings) {}

    static IngestAnswer of(MappedBatch batch) {
        return new IngestAnswer(
                batch.accepted().size(),
                batch.rejected(),
                batch.warnings().stream().map(IngestAnswer::itemWarnings).toList(),
                batch.clockCorrection().isZero()
                        ? null
                        : batch.clockCorrection().toString());
    }

    private static ItemWarnings itemWarnings(Warning warning) {
        return new ItemWarnings(warning.index(), warning.eventId(), warning.reasons());
    }
}
