package org.heroes.analytics.query.classrooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Rollups;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Day buckets are the classroom's local days (issue 18, ADR 0025): for classrooms in {@code Asia/Kolkata} (+05:30),
 * {@code Asia/Kathmandu} (+05:45), {@code America/New_York} (across both of 2026's DST changes) and one without a zone
 * (UTC), each time series equals the raw rows grouped <em>in Java</em> by their local date ({@link
 * java.time.ZonedDateTime#toLocalDate}), each bucket starting at that date's first instant ({@link
 * LocalDate#atStartOfDay(ZoneId)}), with small-cell suppression (k = 5) per bucket. Events sit on every local
 * midnight, a microsecond before it and after it, and at random times; ranges have day, hour, minute, second and
 * microsecond edges. Every time series names the zone in {@value ClassroomController#TIME_ZONE}.
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=query-service", QueryIntegrationTest.NO_RATE_LIMIT})
class LocalDaysIT extends QueryIntegrationTest {

    /** Around New York's spring-forward day (2026-03-08, 23 hours) and its fall-back day (2026-11-01, 25 hours). */
    private static final List<Instant[]> WINDOWS = List.of(
            new Instant[] {Instant.parse("2026-03-05T00:00:00Z"), Instant.parse("2026-03-11T00:00:00Z")},
            new Instant[] {Instant.parse("2026-10-29T00:00:00Z"), Instant.parse("2026-11-04T00:00:00Z")});

    private static final String KOLKATA = "Asia/Kolkata";
    private static final String KATHMANDU = "Asia/Kathmandu";
    private static final String NEW_YORK = "America/New_York";
    private static final String UTC = "UTC";

    private static final int STUDENTS = 8;
    private static final int EVENTS_PER_WINDOW = 1_500;
    private static final int K = 5;

    private static final JsonMapper DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Random events of the window: 70 % by one of the students, values with 0..3 decimals or none. */
    static final String EVENTS = """
            INSERT INTO analytics_events
                (event_id, classroom_id, student_id, event_type, event_category, event_value, "timestamp")
            SELECT gen_random_uuid(), ?::uuid,
                   CASE WHEN random() < 0.7 THEN (?::uuid[])[1 + floor(random() * ?)::int] END,
                   (ARRAY['quiz_answered', 'hint_used', 'lesson_started'])[1 + floor(random() * 3)::int], 'quiz',
                   CASE WHEN random() < 0.25 THEN NULL
                        ELSE round((random() * 100)::numeric, floor(random() * 4)::int)::float8 END,
                   ?::timestamptz + random() * (?::timestamptz - ?::timestamptz)
            FROM generate_series(1, ?)
            """;

    /** The raw rows of the range, each value as PostgreSQL's numeric (what the answers' averages are made of). */
    static final String RAW_ROWS = """
            SELECT "timestamp", event_value::numeric AS value, student_id
            FROM analytics_events
            WHERE classroom_id = ? AND "timestamp" >= ? AND "timestamp" < ?
            """;

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final TokenIssuer tokens = infra.tokens();
    private final UUID facilitator = UUID.randomUUID();
    private final Map<String, UUID> classroomByZone = new HashMap<>();
    private JdbcTemplate raw;
    private QueryClient api;
    private String token;
    private long seed;
    private Random random;

    @BeforeEach
    void classroomsInFourZones() {
        infra.truncateAll();
        raw = new JdbcTemplate(infra.dataSource(DbRole.WRITER));
        api = new QueryClient(port);
        token = tokens.facilitatorToken(facilitator, Duration.ofMinutes(10));
        seed = System.nanoTime();
        random = new Random(seed);
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        roster.facilitator(facilitator);
        Instant created = WINDOWS.get(0)[0].minus(30, ChronoUnit.DAYS);
        classroomByZone.put(UTC, roster.classroom(facilitator, "no zone", true, created));
        for (String zone : List.of(KOLKATA, KATHMANDU, NEW_YORK)) {
            classroomByZone.put(zone, roster.classroom(facilitator, zone, created, zone));
        }
        UUID[] students = new UUID[STUDENTS];
        for (int s = 0; s < STUDENTS; s++) {
            students[s] = UUID.randomUUID();
        }
        for (Map.Entry<String, UUID> classroom : classroomByZone.entrySet()) {
            for (Instant[] window : WINDOWS) {
                raw.update(
                        EVENTS,
                        classroom.getValue(),
                        students,
                        STUDENTS,
                        Timestamp.from(window[0]),
                        Timestamp.from(window[1]),
                        Timestamp.from(window[0]),
                        EVENTS_PER_WINDOW);
                edgeEvents(roster, classroom.getValue(), students, window);
            }
        }
        new Rollups(infra.dataSource(DbRole.WRITER)).derive();
    }

    /**
     * On each local midnight of every zone of the test, a microsecond before and after it: in every classroom, so
     * that a bucket cut at the wrong midnight (UTC's, or another zone's) counts them on the wrong side.
     */
    private void edgeEvents(Roster roster, UUID classroom, UUID[] students, Instant[] window) {
        for (String zone : List.of(KOLKATA, KATHMANDU, NEW_YORK, UTC)) {
            ZoneId id = ZoneId.of(zone);
            for (LocalDate day = LocalDate.ofInstant(window[0], id).plusDays(1);
                    day.atStartOfDay(id).toInstant().isBefore(window[1]);
                    day = day.plusDays(1)) {
                Instant midnight = day.atStartOfDay(id).toInstant();
                for (Instant at : List.of(midnight.minusNanos(1_000), midnight, midnight.plusNanos(1_000))) {
                    roster.event(classroom, students[random.nextInt(STUDENTS)], "lesson_started", "lesson", 7.25, at);
                }
            }
        }
    }

    @Test
    void dayBucketsOfAKolkataClassroomStartAtItsLocalMidnightAndEqualTheRawRowsGroupedByLocalDate() {
        for (Instant[] window : WINDOWS) {
            List<String> answer = assertDaysEqualTheRawRows(KOLKATA, window[0], window[1]);

            assertThat(answer)
                    .as("Kolkata's days begin at 18:30 UTC")
                    .isNotEmpty()
                    .allSatisfy(row -> assertThat(row).contains("T18:30:00Z|"));
        }
    }

    @Test
    void dayBucketsOfANewYorkClassroomAreItsLocalDaysOf23And25HoursAroundDstChanges() {
        for (Instant[] window : WINDOWS) {
            assertDaysEqualTheRawRows(NEW_YORK, window[0], window[1]);
        }
        List<Instant> spring = bucketStarts(NEW_YORK, WINDOWS.get(0));
        List<Instant> autumn = bucketStarts(NEW_YORK, WINDOWS.get(1));

        assertThat(spring).contains(Instant.parse("2026-03-08T05:00:00Z"), Instant.parse("2026-03-09T04:00:00Z"));
        assertThat(Duration.between(Instant.parse("2026-03-08T05:00:00Z"), Instant.parse("2026-03-09T04:00:00Z")))
                .isEqualTo(Duration.ofHours(23));
        assertThat(autumn)
                .contains(Instant.parse("2026-11-01T04:00:00Z"), Instant.parse("2026-11-02T05:00:00Z"))
                .doesNotContain(Instant.parse("2026-11-02T04:00:00Z"));
    }

    @Test
    void dayBucketsOfAKathmanduClassroomAreExactToo() {
        for (Instant[] window : WINDOWS) {
            List<String> answer = assertDaysEqualTheRawRows(KATHMANDU, window[0], window[1]);

            assertThat(answer).isNotEmpty().allSatisfy(row -> assertThat(row).contains("T18:15:00Z|"));
        }
    }

    @Test
    void aClassroomWithoutAZoneKeepsUtcDays() {
        for (Instant[] window : WINDOWS) {
            List<String> answer = assertDaysEqualTheRawRows(UTC, window[0], window[1]);

            assertThat(answer).isNotEmpty().allSatisfy(row -> assertThat(row).contains("T00:00:00Z|"));
        }
    }

    @Test
    void randomRangesOfEveryZoneEqualTheRawRowsGroupedByLocalDate() {
        for (String zone : classroomByZone.keySet()) {
            for (int i = 0; i < 15; i++) {
                Instant[] window = WINDOWS.get(random.nextInt(WINDOWS.size()));
                Instant[] range = randomRange(window);
                assertDaysEqualTheRawRows(zone, range[0], range[1]);
            }
        }
    }

    @Test
    void hourBucketsStayUtcHoursInEveryZone() {
        for (String zone : classroomByZone.keySet()) {
            Instant from = Instant.parse("2026-10-31T17:10:00Z");
            Instant to = Instant.parse("2026-11-01T09:50:00Z");
            HttpResponse<String> response = timeSeries(zone, from, to, "hour");

            assertThat(answerRows(response))
                    .as("%s hours, seed %d", zone, seed)
                    .containsExactlyElementsOf(expectedRows(
                            zone, from, to, at -> at.truncatedTo(ChronoUnit.HOURS), answerScales(response)));
            assertThat(response.headers().firstValue(ClassroomController.TIME_ZONE))
                    .hasValue(zone);
        }
    }

    @Test
    void theClassroomListNamesEachClassroomsZone() {
        JsonNode list = QueryClient.json(api.get("/v1/classrooms", token));

        Map<String, String> zones = new HashMap<>();
        list.forEach(classroom -> zones.put(
                classroom.get("id").asString(), classroom.get("timeZone").asString()));
        classroomByZone.forEach((zone, id) -> assertThat(zones).containsEntry(id.toString(), zone));
    }

    /** Asserts the day buckets of [from, to) and the zone they name; returns the answer's rows. */
    private List<String> assertDaysEqualTheRawRows(String zone, Instant from, Instant to) {
        ZoneId id = ZoneId.of(zone);
        HttpResponse<String> response = timeSeries(zone, from, to, "day");
        String description = "%s days of [%s, %s), seed %d".formatted(zone, from, to, seed);

        assertThat(response.statusCode()).as(description).isEqualTo(200);
        List<String> answer = answerRows(response);
        assertThat(answer)
                .as(description)
                .containsExactlyElementsOf(expectedRows(
                        zone,
                        from,
                        to,
                        at -> LocalDate.ofInstant(at, id).atStartOfDay(id).toInstant(),
                        answerScales(response)));
        assertThat(response.headers().firstValue(ClassroomController.TIME_ZONE))
                .as(description)
                .hasValue(zone);
        return answer;
    }

    private List<Instant> bucketStarts(String zone, Instant[] window) {
        List<Instant> starts = new ArrayList<>();
        DECIMALS.readTree(timeSeries(zone, window[0], window[1], "day").body())
                .forEach(bucket ->
                        starts.add(Instant.parse(bucket.get("bucketStart").asString())));
        return starts;
    }

    private HttpResponse<String> timeSeries(String zone, Instant from, Instant to, String bucket) {
        return api.get(
                "/v1/classrooms/%s/analytics/timeseries?from=%s&to=%s&bucket=%s"
                        .formatted(classroomByZone.get(zone), from, to, bucket),
                token);
    }

    /**
     * The raw rows of [from, to) grouped in Java by {@code bucketOf}, as {@code bucketStart|eventCount|avgValue|
     * suppressed}: the average withheld where 1 to k−1 distinct students carried a value (ADR 0006), else the exact
     * {@code sum / count} rounded half up to the scale the answer printed it with (PostgreSQL's numeric division).
     */
    private List<String> expectedRows(
            String zone, Instant from, Instant to, Function<Instant, Instant> bucketOf, Map<Instant, Integer> scales) {
        Map<Instant, Cell> cells = new TreeMap<>();
        raw.query(
                RAW_ROWS,
                rs -> {
                    Instant at = rs.getTimestamp(1).toInstant();
                    Cell cell = cells.computeIfAbsent(bucketOf.apply(at), b -> new Cell());
                    cell.add(rs.getBigDecimal(2), rs.getObject(3, UUID.class));
                },
                classroomByZone.get(zone),
                Timestamp.from(from),
                Timestamp.from(to));
        List<String> rows = new ArrayList<>();
        cells.forEach((start, cell) -> rows.add(cell.row(start, scales.getOrDefault(start, 20))));
        return rows;
    }

    private static List<String> answerRows(HttpResponse<String> response) {
        List<String> rows = new ArrayList<>();
        for (JsonNode bucket : DECIMALS.readTree(response.body())) {
            JsonNode average = bucket.get("avgValue");
            rows.add(String.join(
                    "|",
                    Instant.parse(bucket.get("bucketStart").asString()).toString(),
                    bucket.get("eventCount").asString(),
                    average.isNull() ? "null" : average.decimalValue().toPlainString(),
                    bucket.get("avgValueSuppressed").asString()));
        }
        return rows;
    }

    /** The scale of each average the answer printed, by bucket start. */
    private static Map<Instant, Integer> answerScales(HttpResponse<String> response) {
        Map<Instant, Integer> scales = new HashMap<>();
        for (JsonNode bucket : DECIMALS.readTree(response.body())) {
            if (!bucket.get("avgValue").isNull()) {
                scales.put(
                        Instant.parse(bucket.get("bucketStart").asString()),
                        bucket.get("avgValue").decimalValue().scale());
            }
        }
        return scales;
    }

    /** Ranges inside the window: whole days, whole hours, minutes, seconds and microseconds. */
    private Instant[] randomRange(Instant[] window) {
        long span = Duration.between(window[0], window[1]).toSeconds();
        Instant from = window[0].plusSeconds(random.nextLong(span));
        Instant to;
        switch (random.nextInt(4)) {
            case 0 -> {
                from = from.truncatedTo(ChronoUnit.HOURS);
                to = from.plus(1 + random.nextInt(96), ChronoUnit.HOURS);
            }
            case 1 -> {
                from = from.truncatedTo(ChronoUnit.MINUTES);
                to = from.plus(1 + random.nextInt(4 * 24 * 60), ChronoUnit.MINUTES);
            }
            case 2 -> {
                from = from.plusNanos(random.nextInt(1_000_000) * 1_000L);
                to = from.plusSeconds(1 + random.nextLong(Duration.ofDays(3).toSeconds()))
                        .plusNanos(random.nextInt(1_000_000) * 1_000L);
            }
            default ->
                to = from.plusSeconds(1 + random.nextLong(Duration.ofHours(30).toSeconds()));
        }
        return new Instant[] {from, to};
    }

    /** One bucket of raw rows: the count, the sum and count of values, the students who carried one. */
    private static final class Cell {
        private long events;
        private BigDecimal sum = BigDecimal.ZERO;
        private long values;
        private final Set<UUID> valuedBy = new HashSet<>();

        void add(BigDecimal value, UUID student) {
            events++;
            if (value != null) {
                sum = sum.add(value);
                values++;
                if (student != null) {
                    valuedBy.add(student);
                }
            }
        }

        String row(Instant start, int scale) {
            boolean suppressed = !valuedBy.isEmpty() && valuedBy.size() < K;
            String average = suppressed || values == 0
                    ? "null"
                    : sum.divide(BigDecimal.valueOf(values), MathContext.DECIMAL128)
                            .setScale(scale, RoundingMode.HALF_UP)
                            .toPlainString();
            return String.join("|", start.toString(), Long.toString(events), average, Boolean.toString(suppressed));
        }
    }
}
