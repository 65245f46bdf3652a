package org.heroes.analytics.eventsjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.eventsjson.RecordMapperTest.CLOCK;
import static org.heroes.analytics.eventsjson.RecordMapperTest.EVENT_ID;
import static org.heroes.analytics.eventsjson.RecordMapperTest.JSON;
import static org.heroes.analytics.eventsjson.RecordMapperTest.NOW;
import static org.heroes.analytics.eventsjson.RecordMapperTest.analytics;
import static org.heroes.analytics.eventsjson.RecordMapperTest.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Issue 18: a tablet whose clock runs hours fast or slow loses nothing and lands its events at the right time. The
 * batch's {@code sentAt} (the tablet's clock when it sent) against the server's clock at receipt gives the
 * correction (docs/adr/0024).
 */
class ClockCorrectionTest {

    static final Instant REAL = Instant.parse("2026-11-26T09:30:00Z");

    final RecordMapper events = RecordMapper.events(CLOCK, Duration.ofMinutes(5), Duration.ofDays(400));

    @Test
    void aTabletThreeHoursFastLandsItsEventsAtTheRealTime() {
        MappedBatch batch = map(NOW.plus(Duration.ofHours(3)), at(REAL.plus(Duration.ofHours(3))));

        assertThat(batch.rejected()).isEmpty();
        assertThat(occurredAt(batch)).isEqualTo(REAL);
        assertThat(batch.clockCorrection()).isEqualTo(Duration.ofHours(-3));
    }

    @Test
    void aTabletThreeHoursSlowLandsItsEventsAtTheRealTime() {
        MappedBatch batch = map(NOW.minus(Duration.ofHours(3)), at(REAL.minus(Duration.ofHours(3))));

        assertThat(batch.rejected()).isEmpty();
        assertThat(occurredAt(batch)).isEqualTo(REAL);
        assertThat(batch.clockCorrection()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aClockWithinTheToleranceIsTakenAsRight() {
        Instant exact = Instant.parse("2026-11-26T09:59:59.999Z");

        MappedBatch slow = map(NOW.minus(RecordMapper.CLOCK_TOLERANCE), at(exact));
        MappedBatch fast = map(NOW.plusSeconds(30), at(exact));

        assertThat(occurredAt(slow)).isEqualTo(exact);
        assertThat(occurredAt(fast)).isEqualTo(exact);
        assertThat(slow.clockCorrection()).isZero();
    }

    @Test
    void withoutSentAtNothingIsCorrected() {
        MappedBatch batch = events.map(List.of(at(REAL)), null, NOW.plus(Duration.ofHours(5)));

        assertThat(occurredAt(batch)).isEqualTo(REAL);
        assertThat(batch.clockCorrection()).isZero();
        assertThat(events.map(List.of(at(REAL)), JSON.nullNode(), NOW).clockCorrection())
                .isZero();
    }

    @Test
    void theFutureLimitAndTheHorizonApplyToTheCorrectedTimes() {
        Instant sentAt = NOW.minus(Duration.ofHours(3));
        JsonNode tooLate = at(Instant.parse("2026-11-26T07:10:00Z"));
        JsonNode inTime = at(Instant.parse("2026-11-26T07:04:00Z"));
        JsonNode tooOld =
                at(NOW.minus(Duration.ofDays(400)).minus(Duration.ofHours(3)).minusSeconds(1));

        MappedBatch batch = events.map(List.of(tooLate, inTime, tooOld), StringNode.valueOf(sentAt.toString()), NOW);

        assertThat(batch.accepted()).hasSize(1);
        assertThat(batch.rejected())
                .extracting(Rejection::errors)
                .containsExactly(
                        List.of("occurredAt: corrected by the batch's sentAt to 2026-11-26T10:10:00Z, must not lie"
                                + " more than 5 minutes in the future"),
                        List.of("occurredAt: corrected by the batch's sentAt to 2025-10-22T09:59:59Z, lies before the"
                                + " retention horizon, 400 days back (2025-10-22T10:00:00Z): events that old are not"
                                + " kept"));
    }

    @Test
    void aClockFurtherOffThanTheRetentionAgeRejectsEveryItemNamingSentAt() {
        Instant sentAt = NOW.minus(Duration.ofDays(500));

        MappedBatch batch = map(sentAt, at(sentAt.minusSeconds(60)), progress().put("eventId", "not-a-uuid"));

        assertThat(batch.accepted()).isEmpty();
        assertThat(batch.rejected())
                .extracting(Rejection::index, Rejection::eventId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, EVENT_ID),
                        org.assertj.core.groups.Tuple.tuple(1, "not-a-uuid"));
        assertThat(batch.rejected().get(0).errors())
                .containsExactly("sentAt: the sender's clock is 500 days behind the server's (sent at"
                        + " 2025-07-14T10:00:00Z, received at 2026-11-26T10:00:00Z): a clock further off than the"
                        + " retention age of 400 days cannot be corrected; set the device's clock and send again");
        assertThat(map(NOW.plus(Duration.ofDays(401)), at(REAL))
                        .rejected()
                        .get(0)
                        .errors())
                .singleElement()
                .asString()
                .startsWith("sentAt: the sender's clock is 401 days ahead of the server's");
    }

    @Test
    void aSentAtThatIsNoInstantRejectsEveryItem() {
        for (JsonNode sentAt :
                List.of(StringNode.valueOf("yesterday"), JSON.getNodeFactory().numberNode(17))) {
            MappedBatch batch = events.map(List.of(at(REAL)), sentAt, NOW);

            assertThat(batch.accepted()).isEmpty();
            assertThat(batch.rejected().get(0).errors())
                    .containsExactly("sentAt: must be an ISO-8601 instant such as 2026-11-26T09:30:00Z: the sender's"
                            + " clock when it sent the batch");
        }
    }

    @Test
    void anInstantAtTheEndOfTimeCorrectedFurtherIsRejectedNotThrown() {
        MappedBatch batch = map(NOW.minus(Duration.ofDays(2)), at(Instant.MAX));

        assertThat(batch.rejected().get(0).errors())
                .containsExactly("occurredAt: must not lie more than 5 minutes in the future");
    }

    @Test
    void unknownFieldsAndTheCorrectionGoTogether() {
        JsonNode event = analytics()
                .put("occurredAt", REAL.plus(Duration.ofHours(3)).toString())
                .put("deviceModel", "x");

        MappedBatch batch = map(NOW.plus(Duration.ofHours(3)), event);

        assertThat(((AnalyticsEvent) batch.accepted().get(0)).getOccurredAt()).isEqualTo(REAL);
        assertThat(batch.warnings()).extracting(Warning::fields).containsExactly(List.of("deviceModel"));
    }

    private MappedBatch map(Instant sentAt, JsonNode... items) {
        return events.map(List.of(items), StringNode.valueOf(sentAt.toString()), NOW);
    }

    private static JsonNode at(Instant occurredAt) {
        return progress().put("occurredAt", occurredAt.toString());
    }

    private static Instant occurredAt(MappedBatch batch) {
        assertThat(batch.rejected()).isEmpty();
        return ((ProgressEvent) batch.accepted().get(0)).getOccurredAt();
    }
}
