package org.heroes.analytics.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest API as a real local HTTP server (the JDK's), scripted to fail the ways the network and the service
 * do: answers in the order given, then {@code 202} accepting every item. It records every request it got.
 */
final class FakeIngest implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One scripted answer: a status, headers and body; or a dropped connection; or no answer until the server
     * closes; or the default answer.
     */
    record Answer(int status, String retryAfter, String body) {
        static final Answer DROP = new Answer(-1, null, null);
        static final Answer HOLD = new Answer(-2, null, null);
        /** What the server answers when the script has nothing to say: {@code 202} accepting every item. */
        static final Answer ACCEPT = new Answer(-3, null, null);

        static Answer accepted(int n) {
            return new Answer(202, null, "{\"accepted\": " + n + ", \"rejected\": []}");
        }

        static Answer status(int status) {
            return new Answer(status, null, "{\"status\": " + status + ", \"detail\": \"scripted " + status + "\"}");
        }
    }

    /** A request as the server saw it, body decompressed. */
    record Seen(String authorization, String encoding, JsonNode body) {
        List<String> eventIds() {
            List<String> ids = new ArrayList<>();
            body.path("events").forEach(e -> ids.add(e.path("eventId").asString()));
            return ids;
        }
    }

    final List<Answer> script = Collections.synchronizedList(new ArrayList<>());
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** The bodies as they came over the wire, before decompression. */
    final List<byte[]> wire = new CopyOnWriteArrayList<>();
    /** The eventIds of every request answered with the default answer (all accepted), repeats included. */
    final List<String> acceptedEventIds = new CopyOnWriteArrayList<>();

    private final CountDownLatch closing = new CountDownLatch(1);
    private final HttpServer server;

    /** A started server; tests close it. */
    static FakeIngest start() {
        try {
            return new FakeIngest();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    FakeIngest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every eventId of every request, in the order they came, repeats included. */
    List<String> transmittedEventIds() {
        return seen.stream().flatMap(s -> s.eventIds().stream()).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        wire.add(raw);
        InputStream in = new ByteArrayInputStream(raw);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        JsonNode body = JSON.readTree(("gzip".equals(encoding) ? new GZIPInputStream(in) : in).readAllBytes());
        Seen request = new Seen(exchange.getRequestHeaders().getFirst("Authorization"), encoding, body);
        seen.add(request);
        Answer answer;
        synchronized (script) {
            answer = script.isEmpty() ? null : script.remove(0);
        }
        if (answer == null || answer == Answer.ACCEPT) {
            int items = body.path("events").size() + body.path("records").size();
            answer = Answer.accepted(items);
            acceptedEventIds.addAll(request.eventIds());
        }
        if (answer == Answer.HOLD) {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (answer.status() < 0) {
            exchange.close(); // no status line: the client sees the connection drop
            return;
        }
        byte[] out = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
