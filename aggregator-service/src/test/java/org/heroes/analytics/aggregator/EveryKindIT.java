package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.id;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.store.forget.StudentForgetter;
import org.heroes.analytics.store.replay.Replay;
import org.heroes.analytics.store.replay.ReplayRequest;
import org.heroes.analytics.store.retention.RetentionPurge;
import org.heroes.analytics.store.rollups.RebuildScope;
import org.heroes.analytics.store.rollups.RollupRebuilder;
import org.heroes.analytics.store.sink.BatchSink;
import org.heroes.analytics.store.sink.SinkBatch;
import org.heroes.analytics.testsupport.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Walks every declared {@link EventKind} through every stage of the aggregator against the real broker, PgBouncer
 * and PostgreSQL: the live sink (through Kafka), a replay (the row deleted behind the aggregator's back comes back),
 * the rollup rebuild (the rollups equal the raw rows again), the forget (a kind naming the student loses its row, the
 * others keep theirs) and retention (an event kind's row past the age is purged and a late one skipped on the live
 * path; a roster kind's is neither). It iterates {@link EventKind#values()}, so a new kind is walked without a change
 * here, and {@link #rowsOf} and {@link TestRecords#of} fail to compile until the kind is given its table and sample.
 * The ingest stage is walked by ingest-service's {@code IngestApiIT}; the query stage is not walked yet.
 */
class EveryKindIT extends AggregatorIntegrationTest {

    @Autowired
    Replay replay;

    @Autowired
    RollupRebuilder rebuilder;

    @Autowired
    StudentForgetter forgetter;

    @Autowired
    RetentionPurge purge;

    @Autowired
    BatchSink sink;

    @Autowired
    WritersClock writersClock;

    @Value("${aggregator.retention.age}")
    Duration age;

    /** A purge stores its horizon, which would make the next kind's fresh rows look expired. */
    @AfterEach
    void forgetTheHorizon() {
        db.update("DELETE FROM retention_horizon");
    }

    @Test
    void everyKindIsStoredReplayedRebuiltForgottenAndExpired() {
        for (EventKind kind : EventKind.values()) {
            walk(kind);
            db.update("DELETE FROM retention_horizon");
        }
    }

    private void walk(EventKind kind) {
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String classroom = id();
        String student = id();
        SpecificRecord record = TestRecords.of(kind, classroom, student, started.minus(Duration.ofHours(1)));
        SpecificRecord roster = TestRecords.student(student, classroom, started.minus(Duration.ofDays(2)));

        // sink: through Kafka and the live listener, the kind's student on the roster first (ADR 0021)
        sendAllAndAwaitStored(kind == EventKind.STUDENT ? List.of(record) : List.of(roster, record));
        assertThat(rowsOf(kind, record)).as(kind + " stored by the live sink").isEqualTo(1);

        // replay: the row deleted behind the aggregator's back comes back from the kind's topic
        db.update(deleteOf(kind), idOf(kind, record));
        assertThat(rowsOf(kind, record)).as(kind + " deleted").isZero();
        replay.run(
                ReplayRequest.parse(
                        kind.topic().topicName(), started.minusSeconds(1).toString(), null, false),
                progress -> {});
        assertThat(rowsOf(kind, record)).as(kind + " back after a replay").isEqualTo(1);

        // rebuild: whatever the replay counted twice, the rollups equal the raw rows again
        rebuilder.rebuild(RebuildScope.of(List.of(UUID.fromString(classroom)), null, null));
        RollupChecks.assertEveryRollupMatchesRawRows(db, List.of(classroom));

        // forget: a kind naming the student loses its row, any other keeps it
        forgetter.forget(UUID.fromString(student));
        assertThat(rowsOf(kind, record))
                .as(kind + " after its student is forgotten")
                .isEqualTo(kind.studentId(record).isPresent() ? 0 : 1);

        // retention: a row past the age is purged and a late record skipped for an event kind, for a roster kind not
        Instant expired = Instant.now().minus(age).minus(Duration.ofDays(1));
        String oldClassroom = id();
        String oldStudent = id();
        SpecificRecord old = TestRecords.of(kind, oldClassroom, oldStudent, expired);
        if (kind != EventKind.STUDENT) {
            sink.writeWithoutOffsets(
                    SinkBatch.of(List.of(TestRecords.student(oldStudent, oldClassroom, expired.minusSeconds(60)))),
                    NO_DEAD_LETTERS);
        }
        // stored two days ago, when it was younger than the age (the writers drop it today), before any retention run
        // had stored a horizon (one left by an earlier test class would make the writers drop it too)
        db.update("DELETE FROM retention_horizon");
        writersClock.earlier(
                Duration.ofDays(2), () -> sink.writeWithoutOffsets(SinkBatch.of(List.of(old)), NO_DEAD_LETTERS));
        assertThat(rowsOf(kind, old)).as(kind + " written past the age").isEqualTo(1);
        purge.run(Instant.now(), 100);
        db.update("DELETE FROM retention_horizon");
        // a roster kind's late record is a new entity's (the same key would lose to the stored, equally old state)
        boolean event = kind.family() == EventKind.Family.EVENT;
        SpecificRecord late = TestRecords.of(kind, event ? oldClassroom : id(), event ? oldStudent : id(), expired);
        sendAllAndAwaitStored(List.of(late));
        switch (kind.family()) {
            case EVENT -> {
                assertThat(rowsOf(kind, old)).as(kind + " purged past the age").isZero();
                assertThat(rowsOf(kind, late)).as(kind + " sent past the age").isZero();
            }
            case ROSTER -> {
                assertThat(rowsOf(kind, old))
                        .as(kind + " is state, never purged")
                        .isEqualTo(1);
                assertThat(rowsOf(kind, late))
                        .as(kind + " is state, never skipped")
                        .isEqualTo(1);
            }
        }
    }

    /** The rows holding the record in its kind's table. */
    private long rowsOf(EventKind kind, SpecificRecord record) {
        return db.queryForObject(
                "SELECT count(*) FROM " + tableOf(kind) + " WHERE " + idColumnOf(kind) + " = ?::uuid",
                Long.class,
                idOf(kind, record));
    }

    private static String deleteOf(EventKind kind) {
        return "DELETE FROM " + tableOf(kind) + " WHERE " + idColumnOf(kind) + " = ?::uuid";
    }

    private static String tableOf(EventKind kind) {
        return switch (kind) {
            case ANALYTICS -> "analytics_events";
            case PROGRESS -> "student_progress";
            case FEEDBACK -> "student_feedback";
            case FACILITATOR -> "facilitators";
            case CLASSROOM -> "classrooms";
            case STUDENT -> "students";
        };
    }

    /** Events are stored once per event id; a roster record is the state of the entity its key names. */
    private static String idColumnOf(EventKind kind) {
        return switch (kind.family()) {
            case EVENT -> "event_id";
            case ROSTER -> "id";
        };
    }

    private static String idOf(EventKind kind, SpecificRecord record) {
        return switch (kind.family()) {
            case EVENT -> kind.eventId(record);
            case ROSTER -> kind.key(record);
        };
    }
}
