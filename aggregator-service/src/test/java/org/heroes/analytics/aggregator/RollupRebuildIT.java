package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.store.rollups.RebuildReport;
import org.heroes.analytics.store.rollups.RebuildScope;
import org.heroes.analytics.store.rollups.RollupRebuilder;
import org.heroes.analytics.store.rollups.TableReport;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rollup rebuild against the real database, beside the live listener: rollups corrupted by hand
 * are right again after a rebuild of their scope and only of their scope; a dry run changes nothing;
 * readers never see a half-built set; events written by the live aggregator during rebuilds are counted
 * exactly once. Each test repairs what it corrupted, since the classes of this module share a database.
 */
class RollupRebuildIT extends AggregatorIntegrationTest {

    private static final Random SEEDS = new Random();

    @Autowired
    RollupRebuilder rebuilder;

    @Test
    void rebuildOfOneClassroomRepairsItAndLeavesTheOtherClassroomsCorruptionAlone() {
        var term = loadTerm(3);
        String repaired = term.classrooms().get(0);
        String other = term.classrooms().get(1);
        String untouched = term.classrooms().get(2);
        corrupt(repaired);
        corrupt(other);

        RebuildReport report = rebuilder.rebuild(RebuildScope.of(List.of(UUID.fromString(repaired)), null, null));

        assertThat(report.applied()).isTrue();
        assertCorruptionFound(report);
        RollupChecks.assertRollupsMatchRawRows(db, List.of(repaired, untouched));
        assertThat(RollupChecks.differingRows(db, List.of(other)))
                .as("the other classroom's corruption, outside the scope")
                .allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());

        rebuilder.rebuild(RebuildScope.of(List.of(UUID.fromString(other)), null, null));
        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
    }

    @Test
    void timeRangeRebuildRepairsTheWholeHoursItTouchesInEveryClassroomAndNothingElse() {
        var term = loadTerm(2);
        String first = term.classrooms().get(0);
        String second = term.classrooms().get(1);
        Instant shared =
                db.queryForObject("""
                SELECT min(bucket_hour) FROM (
                    SELECT bucket_hour FROM analytics_hourly_rollup WHERE classroom_id IN (?::uuid, ?::uuid)
                    GROUP BY 1 HAVING count(DISTINCT classroom_id) = 2) h
                """, OffsetDateTime.class, first, second).toInstant();
        Instant later = db.queryForObject(
                        "SELECT max(bucket_hour) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid",
                        OffsetDateTime.class,
                        first)
                .toInstant();
        assertThat(later).as("the term spans several hours").isAfter(shared);
        bumpAnalyticsRow(first, shared, 7);
        bumpAnalyticsRow(second, shared, 7);
        bumpAnalyticsRow(first, later, 9);
        bumpProgressRow(first);

        RebuildReport report =
                rebuilder.rebuild(RebuildScope.of(List.of(), shared.plusSeconds(600), shared.plusSeconds(3000)));

        assertThat(report.scope().hourFrom()).isEqualTo(shared);
        assertThat(report.scope().hourTo()).isEqualTo(shared.plusSeconds(3600));
        assertThat(report.tables())
                .extracting(TableReport::table)
                .containsExactly("analytics_hourly_rollup", "feedback_hourly_rollup");
        assertThat(report.tables().get(0).wrong()).isEqualTo(2);
        assertThat(report.differing()).isEqualTo(2);
        assertThat(RollupChecks.differingRows(db, List.of(second)))
                .as("the hour repaired in the other classroom too")
                .containsEntry("analytics_hourly_rollup", 0);
        assertThat(RollupChecks.differingRows(db, List.of(first)))
                .as("a later hour, and the progress counts (no time dimension), outside the range")
                .containsEntry("analytics_hourly_rollup", 2)
                .containsEntry("progress_rollup", 2);

        rebuilder.rebuild(RebuildScope.of(List.of(UUID.fromString(first)), null, null));
        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
    }

    @Test
    void rebuildOfEverythingMakesEveryRollupEqualTheRawRows() {
        var term = loadTerm(2);
        term.classrooms().forEach(this::corrupt);

        RebuildReport report = rebuilder.rebuild(RebuildScope.everything());

        assertThat(report.tables()).hasSize(4);
        assertThat(report.differing()).isGreaterThanOrEqualTo(2 * 5);
        List<String> everyClassroom = db.queryForList("""
                SELECT classroom_id::text FROM analytics_events UNION SELECT classroom_id::text FROM student_feedback
                UNION SELECT classroom_id::text FROM student_progress UNION SELECT classroom_id::text FROM students
                UNION SELECT classroom_id::text FROM analytics_hourly_rollup
                UNION SELECT classroom_id::text FROM feedback_hourly_rollup
                UNION SELECT classroom_id::text FROM progress_rollup UNION SELECT classroom_id::text FROM classroom_rollup
                """, String.class);
        assertThat(everyClassroom).containsAll(term.classrooms());
        RollupChecks.assertEveryRollupMatchesRawRows(db, everyClassroom);
        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
    }

    @Test
    void dryRunReportsTheDifferencesAndChangesNothing() {
        var term = loadTerm(1);
        String classroom = term.classrooms().get(0);
        corrupt(classroom);
        var scope = RebuildScope.of(List.of(UUID.fromString(classroom)), null, null);

        RebuildReport report = rebuilder.dryRun(scope);

        assertThat(report.applied()).isFalse();
        assertCorruptionFound(report);
        assertThat(report.tables())
                .allSatisfy(t -> assertThat(t.deleted() + t.written()).isZero());
        assertThat(RollupChecks.differingRows(db, List.of(classroom)))
                .allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());

        assertCorruptionFound(rebuilder.rebuild(scope));
        RollupChecks.assertRollupsMatchRawRows(db, List.of(classroom));
    }

    @Test
    void readersSeeTheOldRollupsOrTheNewNeverAHalfBuiltSet() throws Exception {
        String classroom = TestRecords.id();
        insertLargeClassroomDirectly(classroom);
        var scope = RebuildScope.of(List.of(UUID.fromString(classroom)), null, null);
        rebuilder.rebuild(scope);
        List<Long> rebuilt = totals(db, classroom);
        db.update(
                "UPDATE analytics_hourly_rollup SET event_count = event_count + 1 WHERE classroom_id = ?::uuid",
                classroom);
        db.update(
                "UPDATE feedback_hourly_rollup SET feedback_count = feedback_count + 1 WHERE classroom_id = ?::uuid",
                classroom);
        db.update(
                "UPDATE progress_rollup SET student_count = student_count + 1 WHERE classroom_id = ?::uuid", classroom);
        db.update(
                "UPDATE classroom_rollup SET active_students = active_students + 1 WHERE classroom_id = ?::uuid",
                classroom);
        List<Long> corrupted = totals(db, classroom);
        assertThat(IntStream.range(0, 4)).allMatch(i -> !corrupted.get(i).equals(rebuilt.get(i)));

        var reads = new ConcurrentLinkedQueue<Read>();
        var stop = new AtomicBoolean();
        JdbcTemplate reader = new JdbcTemplate(HeroesInfrastructure.get().dataSource(DbRole.WRITER));
        ExecutorService readers = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        long began;
        long ended;
        try {
            for (int r = 0; r < 2; r++) {
                running.add(readers.submit(() -> {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        List<Long> seen = totals(reader, classroom);
                        reads.add(new Read(start, System.nanoTime(), seen));
                    }
                    return null;
                }));
            }
            eventually("readers under way").until(() -> reads.size() >= 10);
            began = System.nanoTime();
            RebuildReport report = rebuilder.rebuild(scope);
            ended = System.nanoTime();
            long seenAfter = reads.size();
            eventually("readers saw the rebuilt rollups").until(() -> reads.size() >= seenAfter + 10);
            assertThat(report.differing()).isPositive();
        } finally {
            stop.set(true);
            readers.shutdown();
            assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> r : running) {
            r.get(); // a reader's failure fails the test
        }

        assertThat(reads.stream().map(Read::totals).collect(Collectors.toSet()))
                .as("the totals readers saw (analytics, feedback, progress, completed students)")
                .containsOnly(corrupted, rebuilt);
        List<Read> during = reads.stream()
                .filter(read -> read.start() > began && read.end() < ended)
                .toList();
        assertThat(during)
                .as("reads while the rebuild ran (%d ms)", (ended - began) / 1_000_000)
                .isNotEmpty();
        assertThat(during).anySatisfy(read -> assertThat(read.totals()).isEqualTo(corrupted));
        assertThat(totals(db, classroom)).isEqualTo(rebuilt);
        RollupChecks.assertEveryRollupMatchesRawRows(db, List.of(classroom));
    }

    @Test
    void eventsTheLiveAggregatorWritesDuringRebuildsAreCountedExactlyOnce() throws Exception {
        var term = new GeneratedTerm(SEEDS.nextLong(), 3, 10, 20);
        var load = new SentLoad();
        var scopes = List.of(
                RebuildScope.of(term.classrooms().stream().map(UUID::fromString).toList(), null, null),
                RebuildScope.of(
                        List.of(), Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2027-08-01T00:00:00Z")));
        ExecutorService sender = Executors.newSingleThreadExecutor();
        int rebuilds = 0;
        try {
            Future<?> sending = sender.submit(() -> load.sendAll(term.records(), AggregatorIntegrationTest::send));
            while (!sending.isDone()) {
                rebuilder.rebuild(scopes.get(rebuilds % 2));
                rebuilds++;
            }
            sending.get();
        } finally {
            sender.shutdownNow();
        }
        load.awaitStoredPast(db, "heroes-aggregator", Duration.ofSeconds(60));

        assertThat(rebuilds).as("rebuilds while events arrived").isGreaterThanOrEqualTo(3);
        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
        assertThat(db.queryForObject(
                        "SELECT sum(event_count) FROM analytics_hourly_rollup WHERE classroom_id = ANY(?::uuid[])",
                        Long.class,
                        (Object) term.classrooms().toArray(String[]::new)))
                .as("analytics events counted once each, those held for the roster not at all")
                .isEqualTo(RollupChecks.distinctStored(term, AnalyticsEvent.class));
    }

    private record Read(long start, long end, List<Long> totals) {}

    /** Sends a generated term through Kafka and waits until the live listener has committed all of it. */
    private GeneratedTerm loadTerm(int classrooms) {
        var term = new GeneratedTerm(SEEDS.nextLong(), classrooms, 8, 12);
        var load = new SentLoad();
        load.sendAll(term.records(), AggregatorIntegrationTest::send);
        load.awaitStoredPast(db, "heroes-aggregator", Duration.ofSeconds(60));
        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
        return term;
    }

    /**
     * Five wrong rows in the four rollups of {@code classroom}: an hourly analytics row counted high, a
     * bogus analytics row, a feedback row deleted, a progress count and the classroom's counts changed.
     */
    private void corrupt(String classroom) {
        Instant hour = db.queryForObject(
                        "SELECT min(bucket_hour) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid",
                        OffsetDateTime.class,
                        classroom)
                .toInstant();
        bumpAnalyticsRow(classroom, hour, 5);
        db.update("""
                INSERT INTO analytics_hourly_rollup
                    (classroom_id, bucket_hour, event_type, event_category, event_count, value_sum, value_count)
                VALUES (?::uuid, ?, 'bogus_type', 'bogus', 3, 1.5, 1)
                """, classroom, OffsetDateTime.ofInstant(hour, ZoneOffset.UTC));
        assertThat(db.update("""
                        DELETE FROM feedback_hourly_rollup
                        WHERE (classroom_id, bucket_hour, lesson_id, feedback_type) IN (
                            SELECT classroom_id, bucket_hour, lesson_id, feedback_type FROM feedback_hourly_rollup
                            WHERE classroom_id = ?::uuid ORDER BY bucket_hour LIMIT 1)
                        """, classroom)).isOne();
        bumpProgressRow(classroom);
        assertThat(db.update(
                        "UPDATE classroom_rollup SET active_students = active_students + 3 WHERE classroom_id = ?::uuid",
                        classroom))
                .isOne();
    }

    private void bumpAnalyticsRow(String classroom, Instant hour, int by) {
        assertThat(db.update("""
                        UPDATE analytics_hourly_rollup SET event_count = event_count + ?
                        WHERE (classroom_id, bucket_hour, event_type, event_category) IN (
                            SELECT classroom_id, bucket_hour, event_type, event_category FROM analytics_hourly_rollup
                            WHERE classroom_id = ?::uuid AND bucket_hour = ? AND event_count > 0
                            ORDER BY event_type, event_category LIMIT 1)
                        """, by, classroom, OffsetDateTime.ofInstant(hour, ZoneOffset.UTC)))
                .isOne();
    }

    private void bumpProgressRow(String classroom) {
        assertThat(db.update("""
                        UPDATE progress_rollup SET student_count = student_count + 40
                        WHERE (classroom_id, lesson_id, completion_status) IN (
                            SELECT classroom_id, lesson_id, completion_status FROM progress_rollup
                            WHERE classroom_id = ?::uuid AND student_count > 0
                            ORDER BY lesson_id, completion_status LIMIT 1)
                        """, classroom)).isOne();
    }

    /** What {@link #corrupt} did, as the rebuild must have found it in one classroom. */
    private static void assertCorruptionFound(RebuildReport report) {
        Map<String, TableReport> byTable = new HashMap<>();
        report.tables().forEach(t -> byTable.put(t.table(), t));
        assertThat(byTable.get("analytics_hourly_rollup"))
                .satisfies(t ->
                        assertThat(List.of(t.wrong(), t.missing(), t.extra())).containsExactly(1L, 0L, 1L));
        assertThat(byTable.get("feedback_hourly_rollup"))
                .satisfies(t ->
                        assertThat(List.of(t.wrong(), t.missing(), t.extra())).containsExactly(0L, 1L, 0L));
        assertThat(byTable.get("progress_rollup"))
                .satisfies(t ->
                        assertThat(List.of(t.wrong(), t.missing(), t.extra())).containsExactly(1L, 0L, 0L));
        assertThat(byTable.get("classroom_rollup").differing()).isOne();
        assertThat(report.differing()).isEqualTo(5);
        if (report.applied()) {
            assertThat(report.tables()).allSatisfy(t -> assertThat(t.written()).isEqualTo(t.derived()));
        }
    }

    /** The classroom's totals in the four rollups, read in one statement (one snapshot). */
    private static List<Long> totals(JdbcTemplate jdbc, String classroom) {
        return jdbc.queryForObject(
                """
                SELECT (SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid),
                       (SELECT coalesce(sum(feedback_count), 0) FROM feedback_hourly_rollup WHERE classroom_id = ?::uuid),
                       (SELECT coalesce(sum(student_count), 0) FROM progress_rollup WHERE classroom_id = ?::uuid),
                       (SELECT coalesce(sum(active_students), 0) FROM classroom_rollup WHERE classroom_id = ?::uuid)
                """,
                (rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                classroom,
                classroom,
                classroom,
                classroom);
    }

    /**
     * A classroom large enough for its rebuild to take a while: 200 000 analytics events over ~40 days,
     * 40 000 feedback rows, 2 000 rostered students with progress on 12 lessons each. Written straight
     * to the raw tables (the listener is not what this test is about); the rebuild derives the rollups.
     */
    private void insertLargeClassroomDirectly(String classroom) {
        db.update("""
                INSERT INTO analytics_events (event_id, classroom_id, student_id, event_type, event_category, event_value,
                                              "timestamp")
                SELECT gen_random_uuid(), ?::uuid, NULL, 'type_' || (i % 5), 'category_' || (i % 3),
                       CASE WHEN i % 4 = 0 THEN NULL ELSE i / 7.0 END,
                       timestamptz '2025-01-01 00:00:00+00' + i * interval '17 seconds'
                FROM generate_series(1, 200000) AS i
                """, classroom);
        db.update("""
                INSERT INTO student_feedback (event_id, classroom_id, student_id, lesson_id, feedback_type, rating,
                                              created_at)
                SELECT gen_random_uuid(), ?::uuid, gen_random_uuid(), 1 + i % 12, 'type_' || (i % 4),
                       CASE WHEN i % 3 = 0 THEN NULL ELSE 1 + i % 5 END,
                       timestamptz '2025-01-01 00:00:00+00' + i * interval '83 seconds'
                FROM generate_series(1, 40000) AS i
                """, classroom);
        db.update("""
                INSERT INTO students (id, classroom_id, anonymous_id, is_active, created_at, updated_at)
                SELECT gen_random_uuid(), ?::uuid, 'hero-' || i, i % 10 <> 0, now(), now()
                FROM generate_series(1, 2000) AS i
                """, classroom);
        db.update("""
                INSERT INTO student_progress (student_id, lesson_id, classroom_id, completion_status, event_id,
                                              updated_at)
                SELECT s.id, l, ?::uuid, (ARRAY['not_started', 'in_progress', 'completed'])[1 + (l + right(s.anonymous_id, 1)::int) % 3],
                       gen_random_uuid(), now()
                FROM students s CROSS JOIN generate_series(1, 12) AS l
                WHERE s.classroom_id = ?::uuid
                """, classroom, classroom);
    }
}
