package org.heroes.analytics.cli.term;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Reads the query API as each facilitator and compares it with what the term sent: the classroom's counts, each
 * analytics group's count and average, and, once the counts are complete, its time series in UTC hours and in the
 * classroom's local days, against the times the events truly happened (a fast tablet's corrected by the service).
 */
final class QueryChecker {

    /** query-service's default {@code heroes.query.privacy.min-students}. */
    static final int MIN_STUDENTS = 5;

    /** One classroom as the query API answers it, with the number of analytics events it counts. */
    record ClassroomView(
            String name, int studentCount, int activeStudents, long analyticsEvents, List<String> mismatches) {}

    static final String NOT_VISIBLE_YET = "not among the facilitator's classrooms yet";
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int MAX_REFUSALS = 10;
    private static final long MAX_WAIT_SECONDS = 60;

    private final HttpJson http;
    private final URI queryUrl;
    private final Instant from;
    private final Instant to;

    QueryChecker(HttpJson http, URI queryUrl, Instant from, Instant to) {
        this.http = http;
        this.queryUrl = queryUrl;
        this.from = from;
        this.to = to;
    }

    ClassroomView view(SchoolTerm.Classroom classroom, String facilitatorToken, Expected expected)
            throws IOException, InterruptedException {
        JsonNode row = classroomRow(classroom, facilitatorToken);
        if (row == null) {
            // the roster has not landed yet (the classroom's reads would answer 404): asked again, like missing events
            return new ClassroomView(classroom.name(), 0, 0, 0, List.of(NOT_VISIBLE_YET));
        }
        HttpJson.Answer analytics = get(
                queryUrl.resolve("/v1/classrooms/%s/analytics?from=%s&to=%s".formatted(classroom.id(), from, to)),
                facilitatorToken);
        if (analytics.status() != 200) {
            throw new IllegalStateException("query API answered " + analytics.status() + ": " + analytics.body());
        }
        long total = 0;
        List<String> mismatches = new ArrayList<>();
        Map<String, Expected.Group> groups = expected.analyticsOf(classroom.id());
        for (JsonNode group : analytics.body()) {
            long count = group.path("eventCount").asLong();
            total += count;
            String key = group.path("eventType").asString() + "/"
                    + group.path("eventCategory").asString();
            Expected.Group want = groups.get(key);
            JsonNode avg = group.path("avgValue");
            boolean suppressed = group.path("avgValueSuppressed").asBoolean(false);
            if (want == null
                    || want.count != count
                    || suppressed != isSmallCell(want)
                    || (!suppressed && !sameAverage(want.average(), avg))) {
                mismatches.add("%s: got count %d avg %s".formatted(key, count, avg));
            }
        }
        if (total == expected.analyticsCount(classroom.id())) {
            compareSeries(classroom, facilitatorToken, "hour", expected.hourly(classroom.id()), mismatches);
            compareSeries(
                    classroom, facilitatorToken, "day", expected.daily(classroom.id(), classroom.zone()), mismatches);
        }
        return new ClassroomView(
                classroom.name(),
                row.path("studentCount").asInt(),
                row.path("activeStudents").asInt(),
                total,
                mismatches);
    }

    /** The classroom's time series of analytics events in {@code bucket}s against the expected counts per bucket. */
    private void compareSeries(
            SchoolTerm.Classroom classroom,
            String token,
            String bucket,
            Map<Instant, Long> want,
            List<String> mismatches)
            throws IOException, InterruptedException {
        HttpJson.Answer answer = get(
                queryUrl.resolve("/v1/classrooms/%s/analytics/timeseries?from=%s&to=%s&bucket=%s"
                        .formatted(classroom.id(), from, to, bucket)),
                token);
        if (answer.status() != 200) {
            throw new IllegalStateException("query API answered " + answer.status() + ": " + answer.body());
        }
        if (!classroom.zone().getId().equals(answer.timeZone())) {
            mismatches.add("%s buckets: X-Time-Zone %s, not the roster's %s"
                    .formatted(bucket, answer.timeZone(), classroom.zone().getId()));
        }
        Map<Instant, Long> got = new TreeMap<>();
        for (JsonNode point : answer.body()) {
            got.put(
                    Instant.parse(point.path("bucketStart").asString()),
                    point.path("eventCount").asLong());
        }
        if (!got.equals(want)) {
            long differing = want.keySet().stream()
                            .filter(b -> !want.get(b).equals(got.get(b)))
                            .count()
                    + got.keySet().stream().filter(b -> !want.containsKey(b)).count();
            mismatches.add("%s buckets (%s): %d of %d differ"
                    .formatted(bucket, bucket.equals("hour") ? "UTC" : classroom.zone(), differing, want.size()));
        }
    }

    private JsonNode classroomRow(SchoolTerm.Classroom classroom, String token)
            throws IOException, InterruptedException {
        HttpJson.Answer answer = get(queryUrl.resolve("/v1/classrooms"), token);
        if (answer.status() != 200) {
            throw new IllegalStateException("query API answered " + answer.status() + ": " + answer.body());
        }
        for (JsonNode row : answer.body()) {
            if (classroom.id().toString().equals(row.path("id").asString())) {
                return row;
            }
        }
        return null;
    }

    /**
     * Whether query-service must withhold the group's average: values from 1 to {@value #MIN_STUDENTS} - 1 distinct
     * students (small-cell suppression, ADR 0006, at query-service's default k).
     */
    private static boolean isSmallCell(Expected.Group group) {
        int students = group.valueStudents.size();
        return students > 0 && students < MIN_STUDENTS;
    }

    private static boolean sameAverage(Double expected, JsonNode actual) {
        if (expected == null) {
            return actual.isNull() || actual.isMissingNode();
        }
        return actual.isNumber() && Math.abs(actual.asDouble() - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
    }

    /**
     * A GET that waits out the facilitator's rate limit: polling every classroom twice a second is more than the
     * query API lets one facilitator do for long (429 with {@code Retry-After}), and a well-behaved client waits the
     * seconds it is told before it asks again.
     */
    private HttpJson.Answer get(URI uri, String token) throws IOException, InterruptedException {
        HttpJson.Answer answer = http.get(uri, token);
        for (int refusals = 1; answer.status() == TOO_MANY_REQUESTS && refusals <= MAX_REFUSALS; refusals++) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(retryAfterSeconds(answer)));
            answer = http.get(uri, token);
        }
        return answer;
    }

    private static long retryAfterSeconds(HttpJson.Answer answer) {
        try {
            return Math.max(1, Math.min(MAX_WAIT_SECONDS, Long.parseLong(answer.retryAfter())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
