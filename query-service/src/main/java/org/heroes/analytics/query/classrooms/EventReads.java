package org.heroes.analytics.query.classrooms;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.query.privacy.RetentionHorizon;
import org.heroes.analytics.query.privacy.SmallCells;
import org.heroes.analytics.query.tenancy.FacilitatorReads;
import org.heroes.analytics.query.tenancy.TenantQuery;
import org.heroes.analytics.query.web.Bucket;
import org.heroes.analytics.query.web.TimeRange;
import org.springframework.stereotype.Component;

/**
 * A classroom's analytics events over {@code [from, to)}: the whole hours from {@code analytics_hourly_rollup}, the
 * partial hours at the edges from {@code analytics_events} ({@link HourSplit}). The averages are kept as numeric sums
 * and counts until the last step, so every answer equals {@code count(*)} and {@code sum(value::numeric) /
 * count(value)} over the raw rows of the range, to the last digit. Averages are withheld by small-cell suppression
 * (ADR 0006), and wherever the cell begins before the retention horizon (ADR 0012).
 */
@Component
class EventReads {

    /**
     * Rollup rows of the whole hours, then the raw rows of the edges, one row each (at most two hours of them). The
     * first {@code %s} narrows the rollup rows, the second adds rows: both empty but for {@link #TIME_SERIES}.
     */
    private static final String PARTS = """
            parts AS (
                SELECT r.bucket_hour AS at, r.event_type, r.event_category,
                       r.event_count, r.value_sum, r.value_count
                FROM analytics_hourly_rollup r
                WHERE r.classroom_id = :classroomId
                  AND r.bucket_hour >= :wholeFrom
                  AND r.bucket_hour <  :wholeTo
                  AND (:eventType = '' OR r.event_type = :eventType)%s
                UNION ALL
                SELECT e."timestamp", e.event_type, e.event_category,
                       1, coalesce(e.event_value::numeric, 0), (e.event_value IS NOT NULL)::int
                FROM analytics_events e
                WHERE e.classroom_id = :classroomId
                  AND ((e."timestamp" >= :from AND e."timestamp" < :headTo)
                    OR (e."timestamp" >= :tailFrom AND e."timestamp" < :to))
                  AND (:eventType = '' OR e.event_type = :eventType)%s
            )
            """;

    /**
     * The zone a time series' buckets are cut in: the classroom's for days, UTC for hours (an hour is an hour, and the
     * rollup's hours are UTC hours). No row if the classroom is not the caller's (row-level security).
     */
    private static final String BUCKET_ZONE = """
            WITH zone AS (
                SELECT c.time_zone AS classroom_zone,
                       CASE WHEN :bucket = 'day' THEN c.time_zone ELSE 'UTC' END AS name
                FROM classrooms c
                WHERE c.id = :classroomId
            ),
            """;

    /**
     * The whole hours in which a bucket begins anywhere but at the hour's start: where a local day begins at :30 or
     * :45 past a UTC hour ({@code Asia/Kolkata}, {@code Asia/Kathmandu}), the local date changes inside the hour.
     * Their rollup rows would straddle two days, so their raw rows are read instead (ADR 0025). Never one for UTC
     * (hour buckets) or a zone of whole-hour offsets; one per local midnight of the range otherwise.
     */
    private static final String CUT_HOURS = """
            cut_hours AS (
                SELECT h.hour_start
                FROM zone z, generate_series(:wholeFrom, :wholeTo - interval '1 hour', interval '1 hour') AS h(hour_start)
                WHERE z.name <> 'UTC'
                  AND (h.hour_start AT TIME ZONE z.name)::date
                   <> ((h.hour_start + interval '59:59.999999') AT TIME ZONE z.name)::date
            ),
            """;

    /** The rollup rows of the cut hours are left out ... */
    private static final String NOT_IN_CUT_HOURS = """

                  AND r.bucket_hour NOT IN (SELECT c.hour_start FROM cut_hours c)""";

    /**
     * ... and their raw rows read instead: an index range scan per cut hour. The whole hours' bounds are repeated on
     * the events so the planner prunes the monthly partitions it joins to the range's: without them it planned a scan
     * of every partition per cut hour it could not count (generate_series), a cost high enough for PostgreSQL to
     * JIT-compile the statement, which took 1.5 s of a 40 ms read (`scripts/bench.sh query`, ADR 0025).
     */
    private static final String RAW_ROWS_OF_CUT_HOURS = """

                UNION ALL
                SELECT e."timestamp", e.event_type, e.event_category,
                       1, coalesce(e.event_value::numeric, 0), (e.event_value IS NOT NULL)::int
                FROM cut_hours c
                JOIN analytics_events e ON e.classroom_id = :classroomId
                                       AND e."timestamp" >= c.hour_start
                                       AND e."timestamp" <  c.hour_start + interval '1 hour'
                WHERE e."timestamp" >= :wholeFrom
                  AND e."timestamp" <  :wholeTo
                  AND (:eventType = '' OR e.event_type = :eventType)""";

    /**
     * Per group, the distinct students whose events carry a value in the exact range: the count small-cell
     * suppression needs. Raw rows, because rollups keep no student ids; the classroom's range is a short index scan.
     */
    private static final String VALUED_BY_STUDENTS = """
            , valued_by_students AS (
                SELECT %s, count(DISTINCT e.student_id) AS students
                FROM analytics_events e
                WHERE e.classroom_id = :classroomId
                  AND e."timestamp" >= :from
                  AND e."timestamp" <  :to
                  AND e.event_value IS NOT NULL
                  AND e.student_id IS NOT NULL
                  AND (:eventType = '' OR e.event_type = :eventType)
                GROUP BY %s
            )
            """;

    /** contract §7.2, the analytics query, corrected: half-open range, exact averages, ties broken so the order is stable. */
    static final String EVENT_GROUPS = "WITH " + PARTS.formatted("", "")
            + VALUED_BY_STUDENTS.formatted("e.event_type, e.event_category", "e.event_type, e.event_category")
            + """
            SELECT g.event_type, g.event_category, g.event_count, g.avg_value, coalesce(s.students, 0) AS students,
                   %s
            FROM (
                SELECT event_type, event_category,
                       sum(event_count)::bigint                   AS event_count,
                       sum(value_sum) / nullif(sum(value_count), 0) AS avg_value
                FROM parts
                GROUP BY event_type, event_category
                HAVING sum(event_count) > 0
            ) g
            LEFT JOIN valued_by_students s USING (event_type, event_category)
            ORDER BY g.event_count DESC, g.event_type COLLATE "C", g.event_category COLLATE "C"
            """.formatted(RetentionHorizon.COLUMN);

    /**
     * The bucket of a moment, as the local wall-clock time it starts at in the bucket zone: hours of UTC, or days of
     * the classroom's zone. Local dates group exactly whatever the zone; the instant a bucket starts at is the Java
     * side's ({@link #bucketStart}).
     */
    private static final String BUCKET_OF = "date_trunc(:bucket, %s AT TIME ZONE (SELECT z.name FROM zone z))";

    /** Buckets are UTC hours or the classroom's local days ({@code :bucket} is {@code hour} or {@code day}), oldest first. */
    static final String TIME_SERIES = BUCKET_ZONE
            + CUT_HOURS
            + PARTS.formatted(NOT_IN_CUT_HOURS, RAW_ROWS_OF_CUT_HOURS)
            + VALUED_BY_STUDENTS.formatted(BUCKET_OF.formatted("e.\"timestamp\"") + " AS bucket_local", "bucket_local")
            + """
            SELECT b.bucket_local, z.name AS bucket_zone, z.classroom_zone,
                   b.event_count, b.avg_value, coalesce(s.students, 0) AS students, %s
            FROM (
                SELECT %s AS bucket_local,
                       sum(event_count)::bigint                   AS event_count,
                       sum(value_sum) / nullif(sum(value_count), 0) AS avg_value
                FROM parts
                GROUP BY 1
                HAVING sum(event_count) > 0
            ) b
            CROSS JOIN zone z
            LEFT JOIN valued_by_students s USING (bucket_local)
            ORDER BY b.bucket_local
            """.formatted(RetentionHorizon.COLUMN, BUCKET_OF.formatted("at"));

    private final FacilitatorReads reads;
    private final SmallCells smallCells;

    EventReads(FacilitatorReads reads, SmallCells smallCells) {
        this.reads = reads;
        this.smallCells = smallCells;
    }

    /** @throws org.heroes.analytics.query.web.UnknownClassroomException if the classroom is not the caller's */
    Dated<List<EventGroup>> eventGroups(UUID classroomId, TimeRange range) {
        Map<String, Object> parameters = HourSplit.of(range).parameters(classroomId);
        parameters.put("eventType", "");
        return ClassroomReads.answer(reads, classroomId, new TenantQuery<>(EVENT_GROUPS, parameters, (rs, row) -> {
            BigDecimal average = rs.getObject("avg_value", BigDecimal.class);
            boolean suppressed =
                    smallCells.hides(rs.getLong("students"), range.from(), RetentionHorizon.of(rs), average);
            return new EventGroup(
                    rs.getString("event_type"),
                    rs.getString("event_category"),
                    rs.getLong("event_count"),
                    suppressed ? null : average,
                    suppressed);
        }));
    }

    /**
     * The buckets, and the classroom's zone as the answer's own statement read it (the check's, when no bucket has
     * events): the zone the day buckets were cut in.
     *
     * @param eventType only events of this type; {@code null} for all
     * @throws org.heroes.analytics.query.web.UnknownClassroomException if the classroom is not the caller's
     */
    Dated<List<TimeBucket>> timeSeries(UUID classroomId, TimeRange range, Bucket bucket, String eventType) {
        Map<String, Object> parameters = HourSplit.of(range).parameters(classroomId);
        parameters.put("eventType", eventType == null ? "" : eventType);
        parameters.put("bucket", bucket.field());
        String[] answeredZone = new String[1];
        Dated<List<TimeBucket>> answer =
                ClassroomReads.answer(reads, classroomId, new TenantQuery<>(TIME_SERIES, parameters, (rs, row) -> {
                    answeredZone[0] = rs.getString("classroom_zone");
                    Instant bucketStart =
                            bucketStart(rs.getObject("bucket_local", LocalDateTime.class), rs.getString("bucket_zone"));
                    BigDecimal average = rs.getObject("avg_value", BigDecimal.class);
                    // a bucket's cell begins at the later of its start and the range's
                    Instant cellFrom = bucketStart.isBefore(range.from()) ? range.from() : bucketStart;
                    boolean suppressed =
                            smallCells.hides(rs.getLong("students"), cellFrom, RetentionHorizon.of(rs), average);
                    return new TimeBucket(
                            bucketStart, rs.getLong("event_count"), suppressed ? null : average, suppressed);
                }));
        String zone = answeredZone[0] != null ? answeredZone[0] : answer.timeZone();
        return new Dated<>(answer.body(), answer.dataAsOf(), zone);
    }

    /**
     * The first instant of the bucket that starts at this local time in the zone. For a day ({@code local} at
     * midnight), the first instant of its date ({@link java.time.LocalDate#atStartOfDay(ZoneId)}): its local midnight;
     * where the clocks skip midnight, the moment they resume; where midnight comes twice (the Azores fall back from
     * 01:00 to 00:00), the first. PostgreSQL's {@code AT TIME ZONE} would take the later one, which is why the instant
     * is made here and the statement only groups by the local time.
     */
    static Instant bucketStart(LocalDateTime local, String zone) {
        ZoneId id = ZoneId.of(zone);
        ZonedDateTime start = local.toLocalTime().equals(LocalTime.MIDNIGHT)
                ? local.toLocalDate().atStartOfDay(id)
                : local.atZone(id);
        return start.toInstant();
    }
}
