package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.classroom;
import static org.heroes.analytics.testsupport.TestRecords.facilitator;
import static org.heroes.analytics.testsupport.TestRecords.feedback;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;
import static org.heroes.analytics.testsupport.TestRecords.student;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.store.replay.Replay;
import org.heroes.analytics.store.replay.ReplayRequest;
import org.heroes.analytics.store.rollups.RebuildScope;
import org.heroes.analytics.store.rollups.RollupRebuilder;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Classrooms are sealed from each other (issue 17, finding 2; ADR 0021): a client token of classroom B can post
 * events naming any student, and ingest checks only that the event's classroom is the token's. The aggregator
 * checks the student against the roster. An event whose student is rostered in another classroom is stored and
 * counted nowhere and becomes a dead letter naming the conflict; an event whose student is not rostered yet
 * waits, uncounted and unreadable by query-service, until a roster record places the student; only the roster
 * moves a student's rows between classrooms.
 */
class ClassroomBoundaryIT extends AggregatorIntegrationTest {

    /** The dead-letter reason: names the conflict, not the other classroom (ADR 0021). */
    static final String ROSTERED_ELSEWHERE = "studentId: the student is rostered in another classroom";

    @Autowired
    Replay replay;

    @Autowired
    RollupRebuilder rebuilder;

    @Autowired
    MeterRegistry meters;

    private final DataSource reader = HeroesInfrastructure.get().dataSource(DbRole.READER);

    @Test
    void progressPostedForAStudentOfAnotherClassroomIsDeadLetteredAndChangesNeitherClassroom() throws SQLException {
        Sealed sealed = studentOfAWhoCompletedLessonOne();
        ProgressEvent attack = progress(sealed.b, sealed.student, 1, T0.plusSeconds(3_600));

        awaitCommittedPast(send(attack));

        assertThat(completed(sealed.a, 1))
                .as("A's completed count for lesson 1")
                .isEqualTo(1);
        assertThat(rows(
                        "SELECT classroom_id::text, completion_status, event_id::text FROM student_progress"
                                + " WHERE student_id = ?::uuid",
                        sealed.student))
                .singleElement()
                .isEqualTo(Map.of(
                        "classroom_id",
                        sealed.a,
                        "completion_status",
                        "completed",
                        "event_id",
                        sealed.done.getEventId()));
        assertTheDashboardOfBShowsNothingOf(sealed);
        assertThat(rollupTotals(sealed.b)).as("B's rollups").isEqualTo(List.of(0L, 0L, 0L));
        assertDeadLetteredAsRosteredElsewhere(Topic.PROGRESS, sealed, attack.getEventId());
        assertNotHeld(attack.getEventId());
        RollupChecks.assertRollupsMatchRawRows(db, List.of(sealed.a, sealed.b));
    }

    @Test
    void feedbackPostedForAStudentOfAnotherClassroomIsDeadLetteredAndStoredNowhere() throws SQLException {
        Sealed sealed = studentOfAWhoCompletedLessonOne();
        FeedbackEvent attack = feedbackOf(sealed.b, sealed.student, T0.plusSeconds(60));

        awaitCommittedPast(send(attack));

        assertThat(db.queryForObject(
                        "SELECT count(*) FROM student_feedback WHERE event_id = ?::uuid",
                        Long.class,
                        attack.getEventId()))
                .as("the attack's feedback row")
                .isZero();
        assertThat(db.queryForObject(
                        "SELECT coalesce(sum(feedback_count), 0) FROM feedback_hourly_rollup"
                                + " WHERE classroom_id IN (?::uuid, ?::uuid)",
                        Long.class,
                        sealed.a,
                        sealed.b))
                .as("feedback counted in either classroom")
                .isZero();
        assertTheDashboardOfBShowsNothingOf(sealed);
        assertThat(rollupTotals(sealed.b)).as("B's rollups").isEqualTo(List.of(0L, 0L, 0L));
        assertDeadLetteredAsRosteredElsewhere(Topic.FEEDBACK, sealed, attack.getEventId());
        assertNotHeld(attack.getEventId());
        RollupChecks.assertRollupsMatchRawRows(db, List.of(sealed.a, sealed.b));
    }

    @Test
    void analyticsWithAStudentOfAnotherClassroomIsDeadLetteredWhileBsOwnClassroomEventsLand() throws SQLException {
        Sealed sealed = studentOfAWhoCompletedLessonOne();
        AnalyticsEvent attack = analyticsOf(sealed.b, sealed.student, T0.plusSeconds(60));
        AnalyticsEvent classroomWide = analyticsOf(sealed.b, null, T0.plusSeconds(61));

        send(attack);
        awaitCommittedPast(send(classroomWide));

        assertThat(db.queryForList(
                        "SELECT event_id::text FROM analytics_events WHERE classroom_id = ?::uuid",
                        String.class,
                        sealed.b))
                .as("B's analytics: its own classroom-wide event only")
                .containsExactly(classroomWide.getEventId());
        assertThat(db.queryForObject(
                        "SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid",
                        Long.class,
                        sealed.b))
                .isEqualTo(1);
        assertThat(rollupTotals(sealed.b)).as("B's rollups: its own event only").isEqualTo(List.of(1L, 0L, 0L));
        assertTheDashboardOfBShowsNothingOf(sealed);
        assertDeadLetteredAsRosteredElsewhere(Topic.ANALYTICS, sealed, attack.getEventId());
        assertNotHeld(attack.getEventId());
        RollupChecks.assertRollupsMatchRawRows(db, List.of(sealed.a, sealed.b));
    }

    @Test
    void eventsOfAStudentNotRosteredYetWaitUncountedAndLandOnceTheRosterPlacesThemInTheirClassroom()
            throws SQLException {
        String a = classroomOf(id());
        String student = id();
        ProgressEvent done = completedLesson(a, student, 2, T0);
        FeedbackEvent rating = feedbackOf(a, student, T0.plusSeconds(5));
        AnalyticsEvent event = analyticsOf(a, student, T0.plusSeconds(9));
        double heldBefore = held();

        sendAllAndAwaitStored(List.of(done, rating, event));

        assertThat(rowsOf(student))
                .as("raw rows of the student before the roster names them")
                .isZero();
        assertThat(rollupTotals(a)).as("rollups of A before the roster").isEqualTo(List.of(0L, 0L, 0L));
        assertThat(pending(student)).as("events held for the roster").isEqualTo(3);
        assertThat(held() - heldBefore).as("aggregator.events.held").isEqualTo(3.0);
        assertThatThrownBy(() -> countAsReader(a, "pending_student_events"))
                .as("query-service's role cannot read held events at all")
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied");

        awaitCommittedPast(send(student(student, a, T0.plusSeconds(30))));

        assertThat(pending(student)).as("held events once the roster arrived").isZero();
        assertThat(db.queryForList(
                        "SELECT event_id::text FROM analytics_events WHERE student_id = ?::uuid",
                        String.class,
                        student))
                .containsExactly(event.getEventId());
        assertThat(db.queryForList(
                        "SELECT event_id::text FROM student_feedback WHERE student_id = ?::uuid",
                        String.class,
                        student))
                .containsExactly(rating.getEventId());
        assertThat(rows(
                        "SELECT classroom_id::text, completion_status FROM student_progress WHERE student_id = ?::uuid",
                        student))
                .singleElement()
                .isEqualTo(Map.of("classroom_id", a, "completion_status", "completed"));
        assertThat(completed(a, 2)).isEqualTo(1);
        assertThat(db.queryForMap(
                        "SELECT student_count, active_students FROM classroom_rollup WHERE classroom_id = ?::uuid", a))
                .containsEntry("student_count", 1L)
                .containsEntry("active_students", 1L);
        assertThat(countAsReader(a, "student_feedback"))
                .as("A's facilitator sees the feedback now")
                .isEqualTo(1);
        RollupChecks.assertRollupsMatchRawRows(db, List.of(a));
    }

    @Test
    void eventsOfAStudentNotRosteredYetAreDeadLetteredWhenTheRosterPlacesThemInAnotherClassroom() {
        String a = classroomOf(id());
        String b = classroomOf(id());
        String student = id();
        ProgressEvent done = completedLesson(b, student, 1, T0);
        FeedbackEvent rating = feedbackOf(b, student, T0.plusSeconds(5));
        AnalyticsEvent event = analyticsOf(b, student, T0.plusSeconds(9));
        sendAllAndAwaitStored(List.of(done, rating, event));
        assertThat(pending(student)).as("events held for the roster").isEqualTo(3);

        awaitCommittedPast(send(student(student, a, T0.plusSeconds(30))));

        assertThat(pending(student)).isZero();
        assertThat(rowsOf(student))
                .as("raw rows of the student in any classroom")
                .isZero();
        assertThat(rollupTotals(a)).isEqualTo(List.of(0L, 0L, 0L));
        assertThat(rollupTotals(b)).isEqualTo(List.of(0L, 0L, 0L));
        Sealed sealed = new Sealed(a, b, student, done);
        assertDeadLetteredAsRosteredElsewhere(Topic.PROGRESS, sealed, done.getEventId());
        assertDeadLetteredAsRosteredElsewhere(Topic.FEEDBACK, sealed, rating.getEventId());
        assertDeadLetteredAsRosteredElsewhere(Topic.ANALYTICS, sealed, event.getEventId());
        RollupChecks.assertRollupsMatchRawRows(db, List.of(a, b));
    }

    @Test
    void onlyTheRosterMovesAStudentsProgressAndTheRollupsFollowIt() {
        Sealed sealed = studentOfAWhoCompletedLessonOne();
        AnalyticsEvent inA = analyticsOf(sealed.a, sealed.student, T0.plusSeconds(10));
        awaitCommittedPast(send(inA));

        awaitCommittedPast(send(student(sealed.student, sealed.b, T0.plusSeconds(600))));

        assertThat(rows("SELECT classroom_id::text FROM student_progress WHERE student_id = ?::uuid", sealed.student))
                .as("the student's progress follows the roster")
                .singleElement()
                .isEqualTo(Map.of("classroom_id", sealed.b));
        assertThat(completed(sealed.a, 1)).isZero();
        assertThat(completed(sealed.b, 1)).isEqualTo(1);
        assertThat(db.queryForList(
                        "SELECT classroom_id::text FROM analytics_events WHERE event_id = ?::uuid",
                        String.class,
                        inA.getEventId()))
                .as("events are history: they stay where they were recorded")
                .containsExactly(sealed.a);
        ProgressEvent inB = completedLesson(sealed.b, sealed.student, 2, T0.plusSeconds(700));
        ProgressEvent lateFromA = completedLesson(sealed.a, sealed.student, 3, T0.plusSeconds(800));
        sendAllAndAwaitStored(List.of(inB, lateFromA));
        assertThat(db.queryForList(
                        "SELECT classroom_id::text || '/' || lesson_id FROM student_progress WHERE student_id = ?::uuid"
                                + " ORDER BY lesson_id",
                        String.class,
                        sealed.student))
                .containsExactly(sealed.b + "/1", sealed.b + "/2");
        assertDeadLetteredAsRosteredElsewhere(
                Topic.PROGRESS, new Sealed(sealed.b, sealed.a, sealed.student, inB), lateFromA.getEventId());
        RollupChecks.assertEveryRollupMatchesRawRows(db, List.of(sealed.a, sealed.b));
        assertThat(rebuilder
                        .dryRun(RebuildScope.of(
                                List.of(UUID.fromString(sealed.a), UUID.fromString(sealed.b)), null, null))
                        .differing())
                .as("the rebuild's own comparison")
                .isZero();
    }

    @Test
    void aReplayOfTheSameRangeCountsNothingTwiceHoldsNothingTwiceAndRefusesTheAttackAgain() {
        Instant from = Instant.now().minusSeconds(1);
        Sealed sealed = studentOfAWhoCompletedLessonOne();
        String late = id();
        String never = id();
        List<SpecificRecord> records = new ArrayList<>();
        records.add(analyticsOf(sealed.a, sealed.student, T0.plusSeconds(1)));
        records.add(feedbackOf(sealed.a, sealed.student, T0.plusSeconds(2)));
        ProgressEvent attack = progress(sealed.b, sealed.student, 1, T0.plusSeconds(3_600));
        records.add(attack);
        records.add(completedLesson(sealed.a, late, 4, T0.plusSeconds(3)));
        records.add(feedbackOf(sealed.a, late, T0.plusSeconds(4)));
        records.add(analyticsOf(sealed.a, never, T0.plusSeconds(5)));
        records.add(feedbackOf(sealed.a, never, T0.plusSeconds(6)));
        sendAllAndAwaitStored(records);
        awaitCommittedPast(send(student(late, sealed.a, T0.plusSeconds(7))));
        List<String> classrooms = List.of(sealed.a, sealed.b);
        Map<String, Object> before = snapshot(classrooms);
        assertThat(before)
                .containsEntry("analytics_events", 1L)
                .containsEntry("student_feedback", 2L)
                .containsEntry("student_progress", 2L)
                .containsEntry("pending", 2L);

        replay.run(ReplayRequest.parse("all", from.toString(), null, false), progress -> {});

        assertThat(snapshot(classrooms))
                .as("raw rows, rollups and held events after the replay")
                .isEqualTo(before);
        assertThat(deadLettersOf(Topic.PROGRESS, sealed.b, attack.getEventId()))
                .as("the attack, refused by the live consumer and again by the replay")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(letter -> assertThat(header(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                        .isEqualTo(ROSTERED_ELSEWHERE));
        RollupChecks.assertRollupsMatchRawRows(db, classrooms);
    }

    /**
     * Roster moves racing events on every partition (the live listener's three consumers): whatever each event met,
     * nothing is lost or stored twice, no progress row sits outside its student's roster classroom, nothing stays
     * held for a rostered student, and every rollup equals the raw rows. Deadlocks between the consumers, if any,
     * are retried by the listener's back-off (PostgreSQL's count is reported in the failure message).
     */
    @Test
    void rosterMovesRacingEventsKeepEveryEventAccountedForAndRollupsExact() {
        Random random = new Random(17);
        List<String> classrooms = List.of(classroomOf(id()), classroomOf(id()), classroomOf(id()));
        List<String> students = new ArrayList<>();
        List<SpecificRecord> roster = new ArrayList<>();
        for (int s = 0; s < 24; s++) {
            students.add(id());
            roster.add(student(students.get(s), classrooms.get(s % 3), T0));
        }
        sendAllAndAwaitStored(roster);
        long deadlocksBefore = deadlocks();
        List<SpecificRecord> traffic = new ArrayList<>();
        Set<String> events = new HashSet<>();
        for (int wave = 1; wave <= 6; wave++) {
            for (int s = 0; s < students.size(); s++) {
                String classroom = classrooms.get((s + wave - 1 + random.nextInt(2)) % 3);
                Instant at = T0.plusSeconds(wave * 600L + s);
                SpecificRecord event = switch (random.nextInt(3)) {
                    case 0 -> analyticsOf(classroom, students.get(s), at);
                    case 1 -> feedbackOf(classroom, students.get(s), at);
                    default -> completedLesson(classroom, students.get(s), 1 + random.nextInt(12), at);
                };
                traffic.add(event);
                if (!(event instanceof ProgressEvent)) {
                    events.add(eventId(event));
                }
                if (random.nextInt(3) == 0) {
                    traffic.add(student(students.get(s), classrooms.get(random.nextInt(3)), at.plusMillis(1)));
                }
            }
        }

        sendAllAndAwaitStored(traffic);

        long deadlocked = deadlocks() - deadlocksBefore;
        String[] ids = classrooms.toArray(String[]::new);
        assertThat(db.queryForObject("""
                        SELECT count(*) FROM student_progress p JOIN students s ON s.id = p.student_id
                        WHERE s.id = ANY(?::uuid[]) AND p.classroom_id <> s.classroom_id
                        """, Long.class, (Object) students.toArray(String[]::new)))
                .as("progress rows outside their student's roster classroom (%d deadlocks retried)", deadlocked)
                .isZero();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM pending_student_events WHERE student_id = ANY(?::uuid[])",
                        Long.class,
                        (Object) students.toArray(String[]::new)))
                .as("events held although their student is rostered")
                .isZero();
        Set<String> stored = new HashSet<>(db.queryForList("""
                SELECT event_id::text FROM analytics_events WHERE classroom_id = ANY(?::uuid[])
                UNION ALL SELECT event_id::text FROM student_feedback WHERE classroom_id = ANY(?::uuid[])
                """, String.class, ids, ids));
        Set<String> refused = new HashSet<>();
        for (String classroom : classrooms) {
            for (Topic topic : List.of(Topic.ANALYTICS, Topic.FEEDBACK)) {
                deadLetters(topic, classroom).forEach(letter -> refused.add(eventId(CODEC.decode(letter.value()))));
            }
        }
        assertThat(stored).as("events both stored and dead-lettered").doesNotContainAnyElementsOf(refused);
        assertThat(union(stored, refused))
                .as("every analytics and feedback event stored or dead-lettered (%d deadlocks retried)", deadlocked)
                .isEqualTo(events);
        RollupChecks.assertEveryRollupMatchesRawRows(db, classrooms);
        assertThat(rebuilder
                        .dryRun(RebuildScope.of(
                                classrooms.stream().map(UUID::fromString).toList(), null, null))
                        .differing())
                .isZero();
    }

    /** Classrooms A and B of two facilitators, a student rostered in A who completed lesson 1 there. */
    private Sealed studentOfAWhoCompletedLessonOne() {
        String a = classroomOf(id());
        String b = classroomOf(id());
        String student = id();
        ProgressEvent done = completedLesson(a, student, 1, T0);
        sendAllAndAwaitStored(List.of(student(student, a, T0), done));
        assertThat(completed(a, 1))
                .as("A's completed count for lesson 1 before the attack")
                .isEqualTo(1);
        return new Sealed(a, b, student, done);
    }

    /** A classroom with a facilitator of its own, on the roster; answers its id. */
    private String classroomOf(String facilitatorId) {
        String classroomId = id();
        sendAllAndAwaitStored(List.of(
                facilitator(facilitatorId, "f-" + facilitatorId.substring(0, 8) + "@example.org", T0),
                classroom(classroomId, facilitatorId, T0)));
        return classroomId;
    }

    private void assertTheDashboardOfBShowsNothingOf(Sealed sealed) throws SQLException {
        for (String table : List.of("students", "student_progress", "analytics_events", "student_feedback")) {
            assertThat(countAsReader(
                            sealed.b,
                            "(SELECT * FROM " + table + " WHERE "
                                    + (table.equals("students") ? "id" : "student_id") + " = '" + sealed.student
                                    + "') t"))
                    .as("%s of A's student as B's facilitator sees it", table)
                    .isZero();
        }
        assertThat(db.queryForObject(
                        "SELECT coalesce(sum(student_count + active_students), 0) FROM classroom_rollup"
                                + " WHERE classroom_id = ?::uuid",
                        Long.class,
                        sealed.b))
                .isZero();
    }

    private void assertDeadLetteredAsRosteredElsewhere(Topic topic, Sealed sealed, String eventId) {
        List<ConsumerRecord<String, byte[]>> letters = deadLettersOf(topic, sealed.b, eventId);
        assertThat(letters)
                .as("dead letters of event %s on %s", eventId, topic.deadLetterTopicName())
                .isNotEmpty();
        assertThat(letters).allSatisfy(letter -> {
            assertThat(header(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isEqualTo(ROSTERED_ELSEWHERE);
            assertThat(header(letter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topic.topicName());
            assertThat(letter.headers().toArray())
                    .as("no header names the classroom the student is rostered in")
                    .allSatisfy(h -> assertThat(new String(h.value(), StandardCharsets.ISO_8859_1))
                            .doesNotContain(sealed.a));
        });
    }

    private void assertNotHeld(String eventId) {
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM pending_student_events WHERE event_id = ?::uuid", Long.class, eventId))
                .as("held events with the refused event's id")
                .isZero();
    }

    private static List<ConsumerRecord<String, byte[]>> deadLettersOf(Topic topic, String key, String eventId) {
        return deadLetters(topic, key).stream()
                .filter(letter -> eventId.equals(eventId(CODEC.decode(letter.value()))))
                .toList();
    }

    private long completed(String classroomId, int lesson) {
        return db.queryForObject(
                "SELECT coalesce(sum(student_count), 0) FROM progress_rollup"
                        + " WHERE classroom_id = ?::uuid AND lesson_id = ? AND completion_status = 'completed'",
                Long.class,
                classroomId,
                lesson);
    }

    /** Analytics events, feedback and progress students counted in the classroom's rollups. */
    private List<Long> rollupTotals(String classroomId) {
        return List.of(
                db.queryForObject(
                        "SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid",
                        Long.class,
                        classroomId),
                db.queryForObject(
                        "SELECT coalesce(sum(feedback_count), 0) FROM feedback_hourly_rollup WHERE classroom_id = ?::uuid",
                        Long.class,
                        classroomId),
                db.queryForObject(
                        "SELECT coalesce(sum(student_count), 0) FROM progress_rollup WHERE classroom_id = ?::uuid",
                        Long.class,
                        classroomId));
    }

    private long rowsOf(String student) {
        return db.queryForObject("""
                SELECT (SELECT count(*) FROM analytics_events WHERE student_id = ?::uuid)
                     + (SELECT count(*) FROM student_feedback WHERE student_id = ?::uuid)
                     + (SELECT count(*) FROM student_progress WHERE student_id = ?::uuid)
                """, Long.class, student, student, student);
    }

    private long pending(String student) {
        return db.queryForObject(
                "SELECT count(*) FROM pending_student_events WHERE student_id = ?::uuid", Long.class, student);
    }

    /** Raw rows and rollups of the classrooms and the held events naming them, in one map to compare. */
    private Map<String, Object> snapshot(List<String> classrooms) {
        Object ids = classrooms.toArray(String[]::new);
        return db.queryForMap("""
                SELECT (SELECT count(*) FROM analytics_events WHERE classroom_id = ANY(?::uuid[])) AS analytics_events,
                       (SELECT count(*) FROM student_feedback WHERE classroom_id = ANY(?::uuid[])) AS student_feedback,
                       (SELECT count(*) FROM student_progress WHERE classroom_id = ANY(?::uuid[])) AS student_progress,
                       (SELECT count(*) FROM pending_student_events WHERE classroom_id = ANY(?::uuid[])) AS pending,
                       (SELECT string_agg(r::text, ';' ORDER BY r::text) FROM analytics_hourly_rollup r
                        WHERE classroom_id = ANY(?::uuid[])) AS analytics_rollup,
                       (SELECT string_agg(r::text, ';' ORDER BY r::text) FROM feedback_hourly_rollup r
                        WHERE classroom_id = ANY(?::uuid[])) AS feedback_rollup,
                       (SELECT string_agg(r::text, ';' ORDER BY r::text) FROM progress_rollup r
                        WHERE classroom_id = ANY(?::uuid[])) AS progress_rollup,
                       (SELECT string_agg(r::text, ';' ORDER BY r::text) FROM classroom_rollup r
                        WHERE classroom_id = ANY(?::uuid[])) AS classroom_rollup
                """, ids, ids, ids, ids, ids, ids, ids, ids);
    }

    /** {@code count(*)} of {@code relation} as query-service's role, for the facilitator of {@code classroomId}. */
    private long countAsReader(String classroomId, String relation) throws SQLException {
        String facilitatorId = db.queryForObject(
                "SELECT facilitator_id::text FROM classrooms WHERE id = ?::uuid", String.class, classroomId);
        try (Connection connection = reader.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // as query-service says whom it acts for (migration V14)
                statement.execute("SELECT act_for_facilitator('" + facilitatorId + "'::uuid)");
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + relation)) {
                    rows.next();
                    return rows.getLong(1);
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private long deadlocks() {
        return db.queryForObject(
                "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", Long.class);
    }

    private double held() {
        return meters.find("aggregator.events.held").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static ProgressEvent completedLesson(String classroomId, String studentId, int lesson, Instant at) {
        ProgressEvent event = progress(classroomId, studentId, lesson, at);
        event.setCompletionStatus(CompletionStatus.completed);
        return event;
    }

    private static FeedbackEvent feedbackOf(String classroomId, String studentId, Instant at) {
        FeedbackEvent event = feedback(classroomId);
        event.setStudentId(studentId);
        event.setOccurredAt(at);
        return event;
    }

    private static AnalyticsEvent analyticsOf(String classroomId, String studentId, Instant at) {
        AnalyticsEvent event = analytics(classroomId);
        event.setStudentId(studentId);
        event.setOccurredAt(at);
        return event;
    }

    private static String eventId(SpecificRecord event) {
        return String.valueOf(event.get(event.getSchema().getField("eventId").pos()));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }

    /** Classroom A, classroom B, a student rostered in A, and a progress event of theirs in A. */
    private record Sealed(String a, String b, String student, ProgressEvent done) {}
}
