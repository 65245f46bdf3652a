package org.heroes.analytics.query.classrooms;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.query.tenancy.FacilitatorReads;
import org.heroes.analytics.query.tenancy.FacilitatorReads.TwoAnswers;
import org.heroes.analytics.query.tenancy.TenantQuery;
import org.heroes.analytics.query.web.UnknownClassroomException;
import org.springframework.stereotype.Component;

/**
 * The classroom list, and the visibility check every per-classroom question starts with. No statement here names the
 * facilitator: row-level security scopes every table to the caller's classrooms, so a classroom that is someone
 * else's is, to these statements, one that does not exist.
 */
@Component
class ClassroomReads {

    /**
     * The list is as complete as its least complete classroom: a column of every row of the list (computed once, an
     * uncorrelated subquery), so the list and its watermark take one statement. No active classroom, no row, and no
     * watermark either.
     */
    static final String ACTIVE_CLASSROOMS_DATA_AS_OF = """
            SELECT min(w.data_as_of)
            FROM classroom_watermarks w
            JOIN classrooms c ON c.id = w.classroom_id
            WHERE c.is_active
            """;

    /**
     * contract §7.2, the classroom list, served from {@code classroom_rollup}, which the aggregator keeps equal to the raw computation:
     * both counts are of the classroom's active students, {@code active_students} those with a completed lesson. A
     * classroom the aggregator has not counted yet has no rollup row: zero students.
     */
    static final String ACTIVE_CLASSROOMS_WITH_COUNTS = """
            SELECT c.id, c.name, c.classroom_code, c.created_at, c.time_zone,
                   coalesce(r.student_count, 0)   AS student_count,
                   coalesce(r.active_students, 0) AS active_students,
                   (%s)                           AS data_as_of
            FROM classrooms c
            LEFT JOIN classroom_rollup r ON r.classroom_id = c.id
            WHERE c.is_active
            ORDER BY c.created_at DESC, c.id
            """.formatted(ACTIVE_CLASSROOMS_DATA_AS_OF.strip());

    /**
     * One row if the classroom is visible, i.e. the caller's (an inactive classroom of the caller's still has
     * history), with its watermark if it has one; no row otherwise.
     */
    static final String VISIBLE_CLASSROOM = """
            SELECT c.id, w.data_as_of, c.time_zone
            FROM classrooms c
            LEFT JOIN classroom_watermarks w ON w.classroom_id = c.id
            WHERE c.id = :classroomId
            """;

    private final FacilitatorReads reads;

    ClassroomReads(FacilitatorReads reads) {
        this.reads = reads;
    }

    Dated<List<ClassroomSummary>> activeClassrooms() {
        Instant[] dataAsOf = new Instant[1];
        List<ClassroomSummary> classrooms =
                reads.read(new TenantQuery<>(ACTIVE_CLASSROOMS_WITH_COUNTS, Map.of(), (rs, row) -> {
                    dataAsOf[0] = instant(rs.getObject("data_as_of", OffsetDateTime.class));
                    return new ClassroomSummary(
                            rs.getObject("id", UUID.class),
                            rs.getString("name"),
                            rs.getString("classroom_code"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            rs.getLong("student_count"),
                            rs.getLong("active_students"),
                            rs.getString("time_zone"));
                }));
        return new Dated<>(classrooms, dataAsOf[0]);
    }

    /**
     * The rows of {@code answer}, a question about one classroom, with the classroom's watermark and time zone: the visibility
     * check and the answer in one read, the check first, so the watermark is never newer than the rows (each
     * statement sees what was committed when it began, and the aggregator commits a watermark with its rows).
     *
     * @throws UnknownClassroomException if the classroom is not the caller's, or does not exist
     */
    static <T> Dated<List<T>> answer(FacilitatorReads reads, UUID classroomId, TenantQuery<T> answer) {
        TenantQuery<Visible> visible = new TenantQuery<>(
                VISIBLE_CLASSROOM,
                Map.of("classroomId", classroomId),
                (rs, row) -> new Visible(
                        instant(rs.getObject("data_as_of", OffsetDateTime.class)), rs.getString("time_zone")));
        TwoAnswers<Visible, T> rows = reads.read(visible, answer);
        if (rows.first().isEmpty()) {
            throw new UnknownClassroomException(classroomId);
        }
        Visible classroom = rows.first().get(0);
        return new Dated<>(rows.second(), classroom.dataAsOf(), classroom.timeZone());
    }

    /**
     * A classroom the caller may see.
     *
     * @param dataAsOf its watermark, {@code null} if it has none
     * @param timeZone its IANA time zone (the roster's {@code timeZone}, {@code UTC} by default)
     */
    private record Visible(Instant dataAsOf, String timeZone) {}

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
