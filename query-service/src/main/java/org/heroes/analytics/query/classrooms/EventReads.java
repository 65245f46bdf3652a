package org.heroes.analytics.query.classrooms;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    /** Rollup rows of the whole hours, then the raw rows of the edges, one row each (at most two hours of them). */
    private static final String PARTS = """
            WITH parts AS (
                SELECT r.bucket_hour AS at, r.event_type, r.event_category,
                       r.event_count, r.value_sum, r.value_count
                FROM analytics_hourly_rollup r
                WHERE r.classroom_id = :classroomId
                  AND r.bucket_hour >= :wholeFrom
                  AND r.bucket_hour <  :wholeTo
                  AND (:eventType = '' OR r.event_type = :eventType)
                UNION ALL
                SELECT e."timestamp", e.event_type, e.event_category,
                       1, coalesce(e.event_value::numeric, 0), (e.event_value IS NOT NULL)::int
                FROM analytics_events e
                WHERE e.classroom_id = :classroomId
                  AND ((e."timestamp" >= :from AND e."timestamp" < :headTo)
                    OR (e."timestamp" >= :tailFrom AND e."timestamp" < :to))
                  AND (:eventType = '' OR e.event_type = :eventType)
            )
            """;

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

    /** DBA plan §3.2, corrected: half-open range, exact averages, ties broken so the order is stable. */
    static final String EVENT_GROUPS = PARTS
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

    /** Buckets are UTC hours or days ({@code :bucket} is {@code hour} or {@code day}), oldest first. */
    static final String TIME_SERIES = PARTS
            + VALUED_BY_STUDENTS.formatted(
                    "date_trunc(:bucket, e.\"timestamp\", 'UTC') AS bucket_start", "bucket_start")
            + """
            SELECT b.bucket_start, b.event_count, b.avg_value, coalesce(s.students, 0) AS students, %s
            FROM (
                SELECT date_trunc(:bucket, at, 'UTC')              AS bucket_start,
                       sum(event_count)::bigint                   AS event_count,
                       sum(value_sum) / nullif(sum(value_count), 0) AS avg_value
                FROM parts
                GROUP BY 1
                HAVING sum(event_count) > 0
            ) b
            LEFT JOIN valued_by_students s USING (bucket_start)
            ORDER BY b.bucket_start
            """.formatted(RetentionHorizon.COLUMN);

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
     * @param eventType only events of this type; {@code null} for all
     * @throws org.heroes.analytics.query.web.UnknownClassroomException if the classroom is not the caller's
     */
    Dated<List<TimeBucket>> timeSeries(UUID classroomId, TimeRange range, Bucket bucket, String eventType) {
        Map<String, Object> parameters = HourSplit.of(range).parameters(classroomId);
        parameters.put("eventType", eventType == null ? "" : eventType);
        parameters.put("bucket", bucket.field());
        return ClassroomReads.answer(reads, classroomId, new TenantQuery<>(TIME_SERIES, parameters, (rs, row) -> {
            Instant bucketStart =
                    rs.getObject("bucket_start", OffsetDateTime.class).toInstant();
            BigDecimal average = rs.getObject("avg_value", BigDecimal.class);
            // a bucket's cell begins at the later of its start and the range's
            Instant cellFrom = bucketStart.isBefore(range.from()) ? range.from() : bucketStart;
            boolean suppressed = smallCells.hides(rs.getLong("students"), cellFrom, RetentionHorizon.of(rs), average);
            return new TimeBucket(bucketStart, rs.getLong("event_count"), suppressed ? null : average, suppressed);
        }));
    }
}
