import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load driver of scripts/bench/query.sh (JDK only, compiled by it with javac): for each endpoint of DESIGN §4 in
 * turn, a warm-up, then a fixed number of requests from C concurrent clients over keep-alive HTTP/1.1, each as a
 * random facilitator of the tokens file, on a random classroom of theirs and a random 7-day range with minute
 * boundaries inside the data. Every answer must be 200. Prints and writes one line per endpoint: name, requests,
 * p50 ms, p99 ms, mean ms, requests/s.
 *
 * <p>Usage: QueryLoad BASE_URL TOKENS_FILE REQUESTS WARMUP CLIENTS DATA_FROM_EPOCH DATA_TO_EPOCH OUT_FILE, where each
 * line of TOKENS_FILE is {@code token<TAB>classroomId,classroomId,...}.
 */
public final class QueryLoad {

    private static final long RANGE_SECONDS = 7 * 24 * 3600;

    private record Facilitator(String token, String[] classrooms) {}

    private interface Endpoint {
        String path(String classroom, Instant from, Instant to);
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<Facilitator> facilitators = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (!line.isBlank()) {
                String[] parts = line.split("\t");
                facilitators.add(new Facilitator(parts[0], parts[1].split(",")));
            }
        }
        int requests = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        long dataFrom = Long.parseLong(args[5]);
        long dataTo = Long.parseLong(args[6]);
        Path out = Path.of(args[7]);

        String[] names = {"classrooms", "analytics", "timeseries hour", "timeseries day", "progress", "feedback"};
        Endpoint[] endpoints = {
            (c, f, t) -> "/v1/classrooms",
            (c, f, t) -> "/v1/classrooms/" + c + "/analytics?from=" + f + "&to=" + t,
            (c, f, t) -> "/v1/classrooms/" + c + "/analytics/timeseries?bucket=hour&from=" + f + "&to=" + t,
            (c, f, t) -> "/v1/classrooms/" + c + "/analytics/timeseries?bucket=day&from=" + f + "&to=" + t,
            (c, f, t) -> "/v1/classrooms/" + c + "/progress",
            (c, f, t) -> "/v1/classrooms/" + c + "/feedback?from=" + f + "&to=" + t
        };

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
            for (int e = 0; e < endpoints.length; e++) {
                run(http, base, facilitators, endpoints[e], warmup, clients, dataFrom, dataTo);
                long started = System.nanoTime();
                long[] latencies = run(http, base, facilitators, endpoints[e], requests, clients, dataFrom, dataTo);
                double seconds = (System.nanoTime() - started) / 1e9;
                Arrays.sort(latencies);
                String line = String.format(
                        "%s\t%d\t%.3f\t%.3f\t%.3f\t%.1f",
                        names[e],
                        latencies.length,
                        percentile(latencies, 50) / 1e6,
                        percentile(latencies, 99) / 1e6,
                        Arrays.stream(latencies).average().orElse(0) / 1e6,
                        latencies.length / seconds);
                writer.println(line);
                System.err.println("  " + line.replace('\t', ' '));
            }
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static long[] run(
            HttpClient http,
            String base,
            List<Facilitator> facilitators,
            Endpoint endpoint,
            int count,
            int clients,
            long dataFrom,
            long dataTo)
            throws InterruptedException, IOException {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        long minutes = (dataTo - dataFrom - RANGE_SECONDS) / 60;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int i;
                while ((i = next.getAndIncrement()) < count && failure.get() == null) {
                    Facilitator who = facilitators.get(random.nextInt(facilitators.size()));
                    String classroom = who.classrooms()[random.nextInt(who.classrooms().length)];
                    Instant from = Instant.ofEpochSecond(dataFrom / 60 * 60 + random.nextLong(minutes) * 60);
                    Instant to = from.plusSeconds(RANGE_SECONDS);
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create(base + endpoint.path(classroom, from, to)))
                            .header("Authorization", "Bearer " + who.token())
                            .timeout(Duration.ofSeconds(60))
                            .GET()
                            .build();
                    long started = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        latencies[i] = System.nanoTime() - started;
                        if (response.statusCode() != 200) {
                            failure.compareAndSet(
                                    null,
                                    request.uri() + " answered " + response.statusCode() + ": "
                                            + new String(response.body()));
                        }
                    } catch (IOException | InterruptedException ex) {
                        failure.compareAndSet(null, request.uri() + " failed: " + ex);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IOException(failure.get());
        }
        return latencies;
    }
}
