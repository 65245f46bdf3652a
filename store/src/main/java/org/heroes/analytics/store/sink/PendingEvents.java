package org.heroes.analytics.store.sink;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.store.deadletter.DeadLetter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * {@code pending_student_events} (V10, ADR 0021): events whose student is on no roster yet, held uncounted and
 * out of query-service's reach, each with the record as consumed, until a roster record places the student.
 * Both statements run in the batch's transaction, after {@link StudentPlacements} locked the students' buckets.
 */
@Component
class PendingEvents {

    /** Holds the events; the same event consumed again (a redelivery, a replay) is held once. */
    static final String HOLD = """
            INSERT INTO pending_student_events
                (classroom_id, kind, event_id, occurred_at, student_id, payload, record_key, source_topic,
                 source_partition, source_offset, source_timestamp)
            SELECT classroom_id, kind, event_id, occurred_at, student_id, decode(payload, 'base64'), record_key,
                   source_topic, source_partition, source_offset, source_timestamp
            FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::timestamptz[], ?::uuid[], ?::text[], ?::text[], ?::text[],
                        ?::int4[], ?::int8[], ?::int8[])
                AS i(classroom_id, kind, event_id, occurred_at, student_id, payload, record_key, source_topic,
                     source_partition, source_offset, source_timestamp)
            ON CONFLICT DO NOTHING
            """;

    /**
     * Takes every held event of these students, now on the roster, out of the table, in the order they were
     * consumed, saying whether each names the classroom the roster placed its student in and whether it lies
     * before the retention horizon (ADR 0012: such an event is not applied any more).
     */
    static final String RELEASE = """
            WITH released AS (
                DELETE FROM pending_student_events p
                USING students s
                WHERE s.id = p.student_id AND p.student_id = ANY(?::uuid[])
                RETURNING p.classroom_id, p.kind, p.occurred_at, p.payload, p.record_key, p.source_topic, p.source_partition,
                          p.source_offset, p.source_timestamp, s.classroom_id AS rostered_in
            )
            SELECT kind, payload, record_key, source_topic, source_partition, source_offset, source_timestamp,
                   classroom_id = rostered_in AS same_classroom,
                   occurred_at < coalesce((SELECT horizon FROM retention_horizon), '-infinity') AS expired
            FROM released
            ORDER BY source_topic, source_partition, source_offset
            """;

    /** What a roster record released: events to apply now, dead letters, and how many were dropped as expired. */
    record Released(List<SpecificRecord> applicable, List<DeadLetter> refused, int expired) {}

    /** An event to hold and the consumer record it came from. */
    record Held(StudentEvent event, ConsumerRecord<String, byte[]> source) {}

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final RosterMetrics metrics;

    PendingEvents(JdbcClient jdbc, EventCodec codec, RosterMetrics metrics) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.metrics = metrics;
    }

    void hold(List<Held> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.sql(HOLD)
                .params(
                        SqlArrays.uuid(events, h -> h.event().classroomId()),
                        SqlArrays.text("text", events, h -> h.event().kind()),
                        SqlArrays.uuid(events, h -> h.event().eventId()),
                        SqlArrays.timestamptz(events, h -> h.event().occurredAt()),
                        SqlArrays.uuid(events, h -> h.event().studentId()),
                        SqlArrays.text(
                                "text",
                                events,
                                h -> Base64.getEncoder()
                                        .encodeToString(h.source().value())),
                        SqlArrays.text("text", events, h -> h.source().key()),
                        SqlArrays.text("text", events, h -> h.source().topic()),
                        SqlArrays.int4(events, h -> h.source().partition()),
                        SqlArrays.int8(events, h -> h.source().offset()),
                        SqlArrays.int8(events, h -> h.source().timestamp()))
                .update();
        events.forEach(h -> metrics.held(h.event().kind()));
    }

    /** Releases the held events of {@code students} (canonical ids), all of them now on the roster. */
    Released release(Set<String> students) {
        List<SpecificRecord> applicable = new ArrayList<>();
        List<DeadLetter> refused = new ArrayList<>();
        int[] expired = {0};
        if (students.isEmpty()) {
            return new Released(applicable, refused, 0);
        }
        jdbc.sql(RELEASE).param(new SqlArrayValue("uuid", students.toArray())).query(rs -> {
            ConsumerRecord<String, byte[]> source = new ConsumerRecord<>(
                    rs.getString("source_topic"),
                    rs.getInt("source_partition"),
                    rs.getLong("source_offset"),
                    rs.getLong("source_timestamp"),
                    rs.getLong("source_timestamp") < 0 ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
                    -1,
                    -1,
                    rs.getString("record_key"),
                    rs.getBytes("payload"),
                    new RecordHeaders(),
                    Optional.empty());
            if (rs.getBoolean("expired")) {
                expired[0]++;
            } else if (!rs.getBoolean("same_classroom")) {
                refused.add(RosteredElsewhereException.deadLetter(source));
                metrics.refused(rs.getString("kind"));
            } else {
                decode(source, applicable, refused);
            }
        });
        metrics.released("applied", applicable.size());
        metrics.released("refused", refused.size());
        metrics.released("expired", expired[0]);
        return new Released(applicable, refused, expired[0]);
    }

    /**
     * Decodes a released record with the codec that decoded it when it was held; a record it cannot read any more
     * (a writer schema since removed from {@code aggregator.schemas.extra-dir}) becomes a dead letter saying so,
     * rather than a batch that fails for ever.
     */
    private void decode(
            ConsumerRecord<String, byte[]> source, List<SpecificRecord> applicable, List<DeadLetter> refused) {
        try {
            applicable.add(codec.decode(source.value()));
        } catch (RuntimeException e) {
            refused.add(DeadLetter.of(source, e));
        }
    }
}
