package org.heroes.analytics.query.classrooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Rollups;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint, answered from rollups plus the raw rows at a range's edges, equals the same question asked of the
 * raw rows alone: generated classrooms, students, events (values with and without decimals, missing values, events
 * on exact hour and minute marks), out-of-order progress and feedback; random ranges with hour, minute, second and
 * microsecond boundaries. Late events too (issue 18, docs/adr/0024): events and ratings spread over the
 * {@value #LATE_DAYS} days before the term, in months of their own, and ranges reaching back into them. The rollups
 * are derived from the raw rows by {@link Rollups}, the definition of exactness.
 *
 * <p>The classrooms are in zones whose local midnight falls on a whole UTC hour ({@code UTC}, {@code
 * America/New_York}, whose fall-back day 2026-11-01 lies in the term) and inside one ({@code Asia/Kolkata} +05:30,
 * {@code Asia/Kathmandu} +05:45, {@code Australia/Adelaide} +10:30 in summer); events sit on quarter hours too, and
 * some ranges are whole local days. Day buckets are compared with PostgreSQL's {@code date_trunc('day', t, zone)},
 * the classroom's local days (ADR 0025).
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=query-service", QueryIntegrationTest.NO_RATE_LIMIT})
class RollupExactnessIT extends QueryIntegrationTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final int DAYS = 6;
    private static final int CLASSROOMS = 10;
    private static final int EVENTS_PER_CLASSROOM = 2_500;
    private static final int RANGES_PER_CLASSROOM = 12;
    /** Late events lie up to this many days before {@link #START}, months back (inside the retention age). */
    private static final int LATE_DAYS = 300;

    private static final int LATE_EVENTS_PER_CLASSROOM = 400;

    /** By classroom index: every zone is someone's, fractional-offset zones among mine. */
    private static final List<String> ZONES =
            List.of("UTC", "Asia/Kolkata", "America/New_York", "Asia/Kathmandu", "Australia/Adelaide");

    private static final JsonMapper DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /*
     * The generators end in ON CONFLICT DO NOTHING (fresh ids: nothing conflicts): on Citus an INSERT ... SELECT
     * that cannot be pushed down (random(), reference tables) goes through COPY unless it has a conflict clause or
     * RETURNING, and COPY is refused under row-level security (ADR 0028).
     */
    static final String STUDENTS = """
            INSERT INTO students (id, classroom_id, anonymous_id, is_active, created_at, updated_at)
            SELECT gen_random_uuid(), c.id, 'hero-' || g, random() > 0.15, now(), now()
            FROM classrooms c, generate_series(1, 14) g
            WHERE c.id = ANY (?::uuid[])
            ON CONFLICT DO NOTHING
            """;

    static final String PROGRESS = """
            INSERT INTO student_progress (student_id, lesson_id, classroom_id, completion_status, event_id, updated_at)
            SELECT s.id, l, s.classroom_id,
                   (ARRAY['not_started', 'in_progress', 'completed'])[1 + floor(random() * 3)::int],
                   gen_random_uuid(), now() - random() * interval '5 days'
            FROM students s, generate_series(1, 12) l
            WHERE random() < 0.6
            ON CONFLICT DO NOTHING
            """;

    /**
     * Types and categories paired; values: none, random doubles, values rounded to 0..3 decimals; 60 % of the events
     * by one of the classroom's students (so averages are sometimes small cells, sometimes not).
     */
    static final String EVENTS = """
            INSERT INTO analytics_events
                (event_id, classroom_id, student_id, event_type, event_category, event_value, "timestamp")
            SELECT gen_random_uuid(), classroom_id,
                   CASE WHEN r4 < 0.6 THEN roster[1 + floor(r5 * cardinality(roster))::int] END,
                   (ARRAY['lesson_started', 'hint_used', 'quiz_answered', 'video_played', 'badge_earned'])[k],
                   (ARRAY['lesson', 'quiz', 'quiz', 'media', 'reward'])[k],
                   CASE WHEN r1 < 0.2 THEN NULL
                        WHEN r1 < 0.5 THEN r2 * 100
                        ELSE round((r2 * 100)::numeric, floor(r1 * 4)::int)::float8 END,
                   CASE WHEN r3 < 0.05 THEN date_trunc('hour', at, 'UTC')
                        WHEN r3 < 0.10 THEN date_trunc('minute', at, 'UTC')
                        WHEN r3 < 0.15 THEN date_trunc('hour', at, 'UTC') + floor(r2 * 4) * interval '15 minutes'
                        ELSE at END
            FROM (SELECT c.id AS classroom_id, 1 + floor(random() * 5)::int AS k,
                         random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
                         (SELECT array_agg(s.id) FROM students s WHERE s.classroom_id = c.id) AS roster,
                         ?::timestamptz + random() * (? * interval '1 day') AS at
                  FROM classrooms c, generate_series(1, ?) g
                  WHERE c.id = ANY (?::uuid[])) generated
            ON CONFLICT DO NOTHING
            """;

    static final String FEEDBACK = """
            INSERT INTO student_feedback (event_id, classroom_id, student_id, lesson_id, feedback_type, rating, created_at)
            SELECT gen_random_uuid(), s.classroom_id, s.id, 1 + floor(random() * 12)::int,
                   (ARRAY['lesson_rating', 'difficulty', 'fun'])[1 + floor(random() * 3)::int],
                   CASE WHEN random() < 0.2 THEN NULL ELSE 1 + floor(random() * 5)::int END,
                   ?::timestamptz + random() * (? * interval '1 day')
            FROM students s, generate_series(1, 8) g
            ON CONFLICT DO NOTHING
            """;

    /** Small-cell suppression (ADR 0006) with the default k = 5: an average of 1 to 4 distinct students is withheld. */
    static final String SUPPRESSED_EVENT_AVERAGE = """
                   CASE WHEN count(DISTINCT student_id) FILTER (WHERE event_value IS NOT NULL) BETWEEN 1 AND 4 THEN NULL
                        ELSE sum(event_value::numeric) / nullif(count(event_value), 0) END AS avg_value,
                   count(DISTINCT student_id) FILTER (WHERE event_value IS NOT NULL) BETWEEN 1 AND 4 AS suppressed
            """;

    static final String RAW_EVENT_GROUPS = """
            SELECT event_type, event_category, count(*) AS event_count,
            """ + SUPPRESSED_EVENT_AVERAGE + """
            FROM analytics_events
            WHERE classroom_id = ? AND "timestamp" >= ? AND "timestamp" < ?
            GROUP BY 1, 2
            ORDER BY event_count DESC, event_type COLLATE "C", event_category COLLATE "C"
            """;

    static final String RAW_TIME_SERIES = """
            SELECT date_trunc(?, "timestamp", ?) AS bucket_start, count(*) AS event_count,
            """ + SUPPRESSED_EVENT_AVERAGE + """
            FROM analytics_events
            WHERE classroom_id = ? AND "timestamp" >= ? AND "timestamp" < ? AND (? = '' OR event_type = ?)
            GROUP BY 1
            ORDER BY 1
            """;

    static final String RAW_FEEDBACK = """
            SELECT lesson_id, feedback_type, count(*) AS feedback_count,
                   CASE WHEN count(DISTINCT student_id) FILTER (WHERE rating IS NOT NULL) BETWEEN 1 AND 4 THEN NULL
                        ELSE sum(rating::numeric) / nullif(count(rating), 0) END AS avg_rating,
                   count(DISTINCT student_id) FILTER (WHERE rating IS NOT NULL) BETWEEN 1 AND 4 AS suppressed
            FROM student_feedback
            WHERE classroom_id = ? AND created_at >= ? AND created_at < ?
            GROUP BY 1, 2
            ORDER BY 1, feedback_type COLLATE "C"
            """;

    static final String RAW_PROGRESS = """
            SELECT l AS lesson_id,
                   count(p.*) FILTER (WHERE p.completion_status = 'not_started') AS not_started,
                   count(p.*) FILTER (WHERE p.completion_status = 'in_progress') AS in_progress,
                   count(p.*) FILTER (WHERE p.completion_status = 'completed')   AS completed
            FROM generate_series(1, 12) l
            LEFT JOIN student_progress p ON p.classroom_id = ? AND p.lesson_id = l
            GROUP BY l
            ORDER BY l
            """;

    static final String RAW_CLASSROOMS = """
            SELECT c.id, count(s.id) AS student_count, count(done.yes) AS active_students
            FROM classrooms c
            LEFT JOIN students s ON s.classroom_id = c.id AND s.is_active
            LEFT JOIN (SELECT DISTINCT student_id AS yes FROM student_progress
                       WHERE completion_status = 'completed') done ON done.yes = s.id
            WHERE c.is_active AND c.facilitator_id = ?
            GROUP BY c.id
            ORDER BY c.created_at DESC, c.id
            """;

    static final String RAW_DATA_AS_OF = """
            SELECT max("timestamp") FROM analytics_events WHERE classroom_id = ?
            """;

    /** The list is as complete as the least complete of its classrooms. */
    static final String RAW_LIST_DATA_AS_OF = """
            SELECT min(m.as_of)
            FROM (SELECT max(e."timestamp") AS as_of
                  FROM analytics_events e JOIN classrooms c ON c.id = e.classroom_id
                  WHERE c.facilitator_id = ? AND c.is_active
                  GROUP BY e.classroom_id) m
            """;

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final TokenIssuer tokens = infra.tokens();
    private final UUID facilitator = UUID.randomUUID();
    private final List<UUID> classrooms = new ArrayList<>();
    private final Map<UUID, String> zoneOf = new ConcurrentHashMap<>();
    private UUID quietClassroom;
    private JdbcTemplate raw;
    private QueryClient api;
    private String token;
    private Random random;
    private long seed;

    @BeforeEach
    void generatedTerm() {
        infra.truncateAll();
        raw = new JdbcTemplate(infra.dataSource(DbRole.WRITER));
        api = new QueryClient(port);
        token = tokens.facilitatorToken(facilitator, Duration.ofMinutes(10));
        seed = System.nanoTime();
        random = new Random(seed);

        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        roster.facilitator(facilitator);
        UUID stranger = roster.facilitator(UUID.randomUUID());
        for (int i = 0; i < CLASSROOMS; i++) {
            UUID classroom = roster.classroom(
                    i % 4 == 3 ? stranger : facilitator, "class-" + i, i != 5, START.minus(i, ChronoUnit.DAYS));
            String zone = ZONES.get(i % ZONES.size());
            raw.update("UPDATE classrooms SET time_zone = ? WHERE id = ?", zone, classroom);
            classrooms.add(classroom);
            zoneOf.put(classroom, zone);
        }
        quietClassroom = roster.classroom(facilitator, "quiet", true, START.plus(1, ChronoUnit.DAYS));
        UUID[] all = classrooms.toArray(UUID[]::new);
        raw.update(STUDENTS, (Object) all);
        raw.update(PROGRESS);
        raw.update(EVENTS, at(START), DAYS, EVENTS_PER_CLASSROOM, all);
        raw.update(FEEDBACK, at(START), DAYS);
        // late events: a tablet offline for weeks or months syncs them (the API takes them up to the retention age)
        raw.update(EVENTS, at(START.minus(LATE_DAYS, ChronoUnit.DAYS)), LATE_DAYS, LATE_EVENTS_PER_CLASSROOM, all);
        raw.update(FEEDBACK, at(START.minus(LATE_DAYS, ChronoUnit.DAYS)), LATE_DAYS);
        new Rollups(infra.dataSource(DbRole.WRITER)).derive();
    }

    @Test
    void analyticsEqualsTheRawRowsForRandomRanges() {
        for (UUID classroom : mine()) {
            for (int i = 0; i < RANGES_PER_CLASSROOM; i++) {
                Instant[] range = randomRange();
                HttpResponse<String> response = api.get(
                        "/v1/classrooms/%s/analytics?from=%s&to=%s".formatted(classroom, range[0], range[1]), token);

                assertThat(response.statusCode()).as(describe(range)).isEqualTo(200);
                assertThat(rows(response, "eventType", "eventCategory", "eventCount", "avgValue", "avgValueSuppressed"))
                        .as(describe(range))
                        .containsExactlyElementsOf(raw.query(
                                RAW_EVENT_GROUPS,
                                (rs, row) -> String.join(
                                        "|",
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        decimal(rs.getBigDecimal(4)),
                                        String.valueOf(rs.getBoolean(5))),
                                classroom,
                                at(range[0]),
                                at(range[1])));
                assertDataAsOf(response, classroom);
            }
        }
    }

    @Test
    void timeSeriesEqualsTheRawRowsForRandomRangesBucketsAndTypes() {
        for (UUID classroom : mine()) {
            String zone = zoneOf.get(classroom);
            for (int i = 0; i < RANGES_PER_CLASSROOM; i++) {
                Instant[] range = random.nextInt(4) == 0 ? localDays(ZoneId.of(zone)) : randomRange();
                String bucket = random.nextBoolean() ? "hour" : "day";
                String eventType = random.nextInt(3) == 0 ? "quiz_answered" : "";
                HttpResponse<String> response = api.get(
                        "/v1/classrooms/%s/analytics/timeseries?from=%s&to=%s&bucket=%s&eventType=%s"
                                .formatted(classroom, range[0], range[1], bucket, eventType),
                        token);

                String description =
                        describe(range) + " bucket=" + bucket + " eventType=" + eventType + " zone=" + zone;
                assertThat(response.statusCode()).as(description).isEqualTo(200);
                assertThat(response.headers().firstValue(ClassroomController.TIME_ZONE))
                        .as(description)
                        .hasValue(zone);
                assertThat(rows(response, "bucketStart", "eventCount", "avgValue", "avgValueSuppressed"))
                        .as(description)
                        .containsExactlyElementsOf(raw.query(
                                RAW_TIME_SERIES,
                                (rs, row) -> String.join(
                                        "|",
                                        rs.getObject(1, OffsetDateTime.class)
                                                .toInstant()
                                                .toString(),
                                        rs.getString(2),
                                        decimal(rs.getBigDecimal(3)),
                                        String.valueOf(rs.getBoolean(4))),
                                bucket,
                                bucket.equals("day") ? zone : "UTC",
                                classroom,
                                at(range[0]),
                                at(range[1]),
                                eventType,
                                eventType));
                assertDataAsOf(response, classroom);
            }
        }
    }

    @Test
    void feedbackEqualsTheRawRowsForRandomRanges() {
        for (UUID classroom : mine()) {
            for (int i = 0; i < RANGES_PER_CLASSROOM; i++) {
                Instant[] range = randomRange();
                HttpResponse<String> response = api.get(
                        "/v1/classrooms/%s/feedback?from=%s&to=%s".formatted(classroom, range[0], range[1]), token);

                assertThat(response.statusCode()).as(describe(range)).isEqualTo(200);
                assertThat(rows(response, "lessonId", "feedbackType", "count", "avgRating", "avgRatingSuppressed"))
                        .as(describe(range))
                        .containsExactlyElementsOf(raw.query(
                                RAW_FEEDBACK,
                                (rs, row) -> String.join(
                                        "|",
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        decimal(rs.getBigDecimal(4)),
                                        String.valueOf(rs.getBoolean(5))),
                                classroom,
                                at(range[0]),
                                at(range[1])));
            }
        }
    }

    @Test
    void progressAndClassroomCountsEqualTheRawRows() {
        for (UUID classroom : mine()) {
            HttpResponse<String> response = api.get("/v1/classrooms/" + classroom + "/progress", token);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(rows(response, "lessonId", "notStarted", "inProgress", "completed"))
                    .as("progress of " + classroom)
                    .hasSize(12)
                    .containsExactlyElementsOf(raw.query(
                            RAW_PROGRESS,
                            (rs, row) -> String.join(
                                    "|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                            classroom));
            assertDataAsOf(response, classroom);
        }

        HttpResponse<String> list = api.get("/v1/classrooms", token);
        assertThat(rows(list, "id", "studentCount", "activeStudents"))
                .containsExactlyElementsOf(raw.query(
                        RAW_CLASSROOMS,
                        (rs, row) -> String.join("|", rs.getString(1), rs.getString(2), rs.getString(3)),
                        facilitator))
                .hasSize(8);
        OffsetDateTime oldestWatermark = raw.queryForObject(RAW_LIST_DATA_AS_OF, OffsetDateTime.class, facilitator);
        assertThat(list.headers().firstValue(ClassroomController.DATA_AS_OF))
                .hasValue(oldestWatermark.toInstant().toString());
    }

    @Test
    void classroomWithoutDataHasZerosAndNoDataAsOf() {
        HttpResponse<String> progress = api.get("/v1/classrooms/" + quietClassroom + "/progress", token);

        assertThat(rows(progress, "lessonId", "notStarted", "inProgress", "completed"))
                .containsExactly(
                        "1|0|0|0",
                        "2|0|0|0",
                        "3|0|0|0",
                        "4|0|0|0",
                        "5|0|0|0",
                        "6|0|0|0",
                        "7|0|0|0",
                        "8|0|0|0",
                        "9|0|0|0",
                        "10|0|0|0",
                        "11|0|0|0",
                        "12|0|0|0");
        assertThat(progress.headers().firstValue(ClassroomController.DATA_AS_OF))
                .isEmpty();
        HttpResponse<String> series = api.get(
                "/v1/classrooms/%s/analytics/timeseries?from=%s&to=%s&bucket=day"
                        .formatted(quietClassroom, START, START.plus(DAYS, ChronoUnit.DAYS)),
                token);
        assertThat(series.statusCode()).isEqualTo(200);
        assertThat(series.body()).isEqualTo("[]");
    }

    private List<UUID> mine() {
        List<UUID> mine = new ArrayList<>();
        for (int i = 0; i < classrooms.size(); i++) {
            if (i % 4 != 3) {
                mine.add(classrooms.get(i));
            }
        }
        return mine;
    }

    private void assertDataAsOf(HttpResponse<String> response, UUID classroom) {
        OffsetDateTime watermark = raw.queryForObject(RAW_DATA_AS_OF, OffsetDateTime.class, classroom);
        assertThat(response.headers().firstValue(ClassroomController.DATA_AS_OF))
                .hasValue(watermark.toInstant().toString());
    }

    /**
     * Ranges of every shape: inside one hour, across a few, whole hours, minute, second and microsecond edges; one in
     * four among the late events, months back, some of them reaching into the term.
     */
    private Instant[] randomRange() {
        if (random.nextInt(4) == 0) {
            return lateRange();
        }
        Instant earliest = START.minus(2, ChronoUnit.HOURS);
        long spanSeconds = Duration.ofDays(DAYS).plusHours(4).toSeconds();
        Instant from = earliest.plusSeconds(random.nextLong(spanSeconds));
        Instant to;
        switch (random.nextInt(6)) {
            case 0 -> {
                from = from.truncatedTo(ChronoUnit.HOURS).plusSeconds(random.nextInt(3000));
                to = from.plusSeconds(1 + random.nextInt(3600 - 3000));
            }
            case 1 -> {
                from = from.truncatedTo(ChronoUnit.MINUTES);
                to = from.plus(1 + random.nextInt(600), ChronoUnit.MINUTES);
            }
            case 2 -> {
                from = from.truncatedTo(ChronoUnit.HOURS);
                to = from.plus(1 + random.nextInt(72), ChronoUnit.HOURS);
            }
            case 3 -> {
                from = from.plusNanos(random.nextInt(1_000_000) * 1_000L);
                to = from.plusSeconds(1 + random.nextLong(Duration.ofDays(2).toSeconds()))
                        .plusNanos(random.nextInt(1_000_000) * 1_000L);
            }
            case 4 -> {
                from = earliest;
                to = START.plus(DAYS + 1, ChronoUnit.DAYS);
            }
            default ->
                to = from.plusSeconds(1 + random.nextLong(Duration.ofDays(3).toSeconds()));
        }
        return new Instant[] {from, to};
    }

    /** A range that starts among the late events, at a second or microsecond edge, up to 120 days long. */
    private Instant[] lateRange() {
        Instant from = START.minus(LATE_DAYS + 1, ChronoUnit.DAYS)
                .plusSeconds(random.nextLong(Duration.ofDays(LATE_DAYS).toSeconds()));
        if (random.nextBoolean()) {
            from = from.plusNanos(random.nextInt(1_000_000) * 1_000L);
        }
        Instant to = from.plusSeconds(1 + random.nextLong(Duration.ofDays(120).toSeconds()));
        return new Instant[] {from, to};
    }

    /** One to three whole local days of the zone, from a local midnight to a local midnight, in or near the term. */
    private Instant[] localDays(ZoneId zone) {
        LocalDate first = LocalDate.ofInstant(START, zone).plusDays(random.nextInt(DAYS + 1) - 1);
        LocalDate end = first.plusDays(1 + random.nextInt(3));
        return new Instant[] {
            first.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant()
        };
    }

    private String describe(Instant[] range) {
        return "[" + range[0] + ", " + range[1] + ") seed " + seed;
    }

    /** How often the answers withheld an average ({@code true}) and showed one ({@code false}). */
    private static final Map<String, Integer> SUPPRESSION_SEEN = new ConcurrentHashMap<>();

    /** The generated data must put both sides of the small-cell rule to the test, or the comparison proves little. */
    @AfterAll
    static void bothSidesOfSmallCellSuppressionWereCompared() {
        assertThat(SUPPRESSION_SEEN.getOrDefault("true", 0))
                .as("withheld averages compared")
                .isPositive();
        assertThat(SUPPRESSION_SEEN.getOrDefault("false", 0))
                .as("shown averages compared")
                .isPositive();
    }

    /** Each answer row as its fields joined by {@code |}; decimals compared by value, not by their scale. */
    private static List<String> rows(HttpResponse<String> response, String... fields) {
        JsonNode answer = DECIMALS.readTree(response.body());
        List<String> rows = new ArrayList<>();
        for (JsonNode element : answer) {
            List<String> values = new ArrayList<>();
            for (String field : fields) {
                JsonNode value = element.get(field);
                values.add(
                        value == null || value.isNull()
                                ? "null"
                                : value.isNumber() ? decimal(value.decimalValue()) : value.asString());
                if (field.endsWith("Suppressed") && value != null) {
                    SUPPRESSION_SEEN.merge(value.asString(), 1, Integer::sum);
                }
            }
            rows.add(String.join("|", values));
        }
        return rows;
    }

    private static String decimal(BigDecimal value) {
        return value == null ? "null" : value.stripTrailingZeros().toPlainString();
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
