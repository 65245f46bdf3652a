import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load driver of scripts/bench/query.sh (JDK only, compiled by it with javac): a warm-up of every endpoint of
 * contract §4 (the code they share compiled before anything is measured), then for each in turn a warm-up again and a
 * fixed number of requests from C concurrent clients over keep-alive HTTP/1.1, each as a random facilitator of the
 * tokens file, on a random classroom of theirs and a random 7-day range with minute boundaries inside the data; last, the service's liveness probe with the same token, as the floor of what any answer
 * can cost on this machine. Every answer must be 200. Prints and writes one line per endpoint: name, requests,
 * p50 ms, p99 ms, mean ms, requests/s.
 *
 * <p>Each client is a thread with one plain socket speaking HTTP/1.1 with keep-alive (GET with Content-Length or
 * chunked answers, nothing else): the driver shares the machine's cores with what it measures, and the JDK's
 * HttpClient spent about 2 ms of CPU on each request, as much as the service. Latency is still taken per request,
 * from the first byte written to the last byte of the answer read.
 *
 * <p>Usage: QueryLoad BASE_URL TOKENS_FILE REQUESTS WARMUP CLIENTS DATA_FROM_EPOCH DATA_TO_EPOCH OUT_FILE, where each
 * line of TOKENS_FILE is {@code token<TAB>classroomId,...<TAB>zonedClassroomId,...}: the facilitator's classrooms in
 * UTC, which every endpoint asks about, and those in Asia/Kolkata, which the "timeseries day Asia/Kolkata" row asks
 * about (the same day buckets, cut at local midnights inside UTC hours). An optional ninth argument, beginnings of row
 * names separated by commas ({@code classrooms,floor}), measures the rows whose names begin so only: an A/B pair of
 * one endpoint on a stack kept by {@code scripts/bench.sh query --keep}.
 */
public final class QueryLoad {

    private static final long RANGE_SECONDS = 7 * 24 * 3600;

    /** The name of the reference row: an answer without the database, through everything else a request passes. */
    private static final String FLOOR = "floor: liveness, no database";

    /** Day buckets of the facilitators' Asia/Kolkata classrooms, beside "timeseries day" of their UTC ones. */
    private static final String ZONED_DAYS = "timeseries day Asia/Kolkata";

    private record Facilitator(String token, String[] classrooms, String[] zonedClassrooms) {

        String[] of(boolean zoned) {
            return zoned ? zonedClassrooms : classrooms;
        }
    }

    private interface Endpoint {
        String path(String classroom, Instant from, Instant to);
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<Facilitator> facilitators = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (!line.isBlank()) {
                String[] parts = line.split("\t");
                facilitators.add(new Facilitator(parts[0], parts[1].split(","), parts[2].split(",")));
            }
        }
        int requests = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        long dataFrom = Long.parseLong(args[5]);
        long dataTo = Long.parseLong(args[6]);
        Path out = Path.of(args[7]);
        // optional: only the rows whose names begin so (comma-separated), for an A/B pair on a kept stack (--keep)
        List<String> only = args.length > 8 ? List.of(args[8].split(",")) : List.of();

        // the last is no endpoint of contract §4 but this machine's floor: the same HTTP, token and filter chain, no database
        String[] names = {
            "classrooms",
            "analytics",
            "timeseries hour",
            "timeseries day",
            ZONED_DAYS,
            "progress",
            "feedback",
            FLOOR
        };
        Endpoint[] endpoints = {
            (c, f, t) -> "/v1/classrooms",
            (c, f, t) -> "/v1/classrooms/" + c + "/analytics?from=" + f + "&to=" + t,
            (c, f, t) -> "/v1/classrooms/" + c + "/analytics/timeseries?bucket=hour&from=" + f + "&to=" + t,
            (c, f, t) -> "/v1/classrooms/" + c + "/analytics/timeseries?bucket=day&from=" + f + "&to=" + t,
            (c, f, t) -> "/v1/classrooms/" + c + "/analytics/timeseries?bucket=day&from=" + f + "&to=" + t,
            (c, f, t) -> "/v1/classrooms/" + c + "/progress",
            (c, f, t) -> "/v1/classrooms/" + c + "/feedback?from=" + f + "&to=" + t,
            (c, f, t) -> "/actuator/health/liveness"
        };

        URI http = URI.create(base);
        List<Integer> measured = new ArrayList<>();
        for (int e = 0; e < endpoints.length; e++) {
            if (only.isEmpty() || only.stream().anyMatch(names[e]::startsWith)) {
                measured.add(e);
            }
        }
        // every endpoint warmed up once before the first is measured: the code they share (filters, JDBC, JSON) is
        // compiled by then, so the first row measured (the classroom list) does not pay for the JIT compiler alone
        for (int e : measured) {
            run(http, base, facilitators, endpoints[e], names[e].equals(ZONED_DAYS), warmup, clients, dataFrom, dataTo);
        }
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
            for (int e : measured) {
                boolean zoned = names[e].equals(ZONED_DAYS);
                run(http, base, facilitators, endpoints[e], zoned, warmup, clients, dataFrom, dataTo);
                long started = System.nanoTime();
                long[] latencies =
                        run(http, base, facilitators, endpoints[e], zoned, requests, clients, dataFrom, dataTo);
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
            URI http,
            String base,
            List<Facilitator> facilitators,
            Endpoint endpoint,
            boolean zoned,
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
                Connection connection = null;
                while ((i = next.getAndIncrement()) < count && failure.get() == null) {
                    Facilitator who = facilitators.get(random.nextInt(facilitators.size()));
                    String[] theirs = who.of(zoned);
                    String classroom = theirs[random.nextInt(theirs.length)];
                    Instant from = Instant.ofEpochSecond(dataFrom / 60 * 60 + random.nextLong(minutes) * 60);
                    Instant to = from.plusSeconds(RANGE_SECONDS);
                    String target = endpoint.path(classroom, from, to);
                    byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: " + http.getHost() + ":" + http.getPort()
                                    + "\r\nAuthorization: Bearer " + who.token() + "\r\nAccept: application/json\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
                    long started = System.nanoTime();
                    try {
                        if (connection == null) {
                            connection = new Connection(http);
                        }
                        Response response = connection.send(request);
                        latencies[i] = System.nanoTime() - started;
                        if (response.status() != 200) {
                            failure.compareAndSet(
                                    null,
                                    target + " answered " + response.status() + ": "
                                            + new String(response.body(), StandardCharsets.UTF_8));
                        }
                        if (response.close()) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException ex) {
                        failure.compareAndSet(null, target + " failed: " + ex);
                    }
                }
                if (connection != null) {
                    connection.close();
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

    private record Response(int status, byte[] body, boolean close) {}

    /** One keep-alive HTTP/1.1 connection: a request at a time, the answer read in full. */
    private static final class Connection {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(URI base) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        Response send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            String[] status = statusLine.split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int size = chunkSize(); size > 0; size = chunkSize()) {
                    body.write(in.readNBytes(size));
                    line(); // the CRLF after the chunk
                }
                while (!line().isEmpty()) {} // trailers
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            } else {
                throw new IOException("an answer without Content-Length or chunked encoding");
            }
            return new Response(Integer.parseInt(status[1]), body.toByteArray(), close);
        }

        private int chunkSize() throws IOException {
            String size = line();
            int extension = size.indexOf(';');
            return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        }

        /** One header line without its CRLF. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-answer");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the benchmark is over for this client
            }
        }
    }
}
