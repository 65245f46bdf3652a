package org.heroes.analytics.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One attempt at posting a body to the ingest API, and what its answer means for the batch. The decision
 * is made here once, by status, for both senders of the library.
 */
final class Exchange {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What became of an attempt. */
    sealed interface Outcome {}

    /** {@code 202}, or the {@code 400} that lists every item as rejected: the batch is answered for good. */
    record Answered(int status, JsonNode answer) implements Outcome {}

    /**
     * Nothing of the batch was taken, and the same batch may succeed later: no answer at all ({@code status}
     * 0: connection refused or dropped, timeout), {@code 408}, {@code 429}, {@code 5xx}.
     *
     * @param retryAfter what the answer's {@code Retry-After} asks for, or null
     * @param cause the exception of an attempt that got no answer, or null
     */
    record Failed(int status, String detail, Duration retryAfter, Throwable cause) implements Outcome {}

    /** {@code 413}: the body is over the service's limits; fewer events a request may pass. */
    record TooLarge(String detail) implements Outcome {}

    /** A {@code 400} naming no item: the service could not read the body at all. */
    record Unreadable(String detail) implements Outcome {}

    /** {@code 401}, {@code 403} or another {@code 4xx}: the request as a whole is refused (token, address). */
    record Refused(int status, String detail) implements Outcome {}

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Supplier<String> token;
    private final boolean gzip;
    private final Clock clock;
    private final Duration retryAfterCap;

    Exchange(
            HttpClient http,
            Duration requestTimeout,
            Supplier<String> token,
            boolean gzip,
            Clock clock,
            Duration retryAfterCap) {
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.token = token;
        this.gzip = gzip;
        this.clock = clock;
        this.retryAfterCap = retryAfterCap;
    }

    /** The HTTP client a sender makes when the app gives none: HTTP/1.1, 5 s to connect. */
    static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Posts {@code json} and classifies the answer.
     *
     * @param started given the request's future as soon as it is sent, so that another thread may cancel it
     *     (a cancelled attempt is {@link Failed} with status 0)
     * @throws InterruptedException if interrupted while waiting (the request is cancelled)
     */
    Outcome post(URI uri, byte[] json, Consumer<CompletableFuture<?>> started) throws InterruptedException {
        CompletableFuture<HttpResponse<String>> response =
                http.sendAsync(request(uri, json), HttpResponse.BodyHandlers.ofString());
        started.accept(response);
        try {
            return classify(response.get());
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        } catch (CancellationException e) {
            return new Failed(0, "cancelled", null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
            return new Failed(0, cause.toString(), null, cause);
        }
    }

    private Outcome classify(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        if (status == 202 || (status == 400 && answer.path("rejected").isArray())) {
            return new Answered(status, answer);
        }
        String detail = answer.path("detail").asString(response.body());
        if (status == 413) {
            return new TooLarge(detail);
        }
        if (status == 400) {
            return new Unreadable(detail);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Failed(
                    status,
                    detail,
                    RetryAfter.parse(
                            response.headers().firstValue("Retry-After").orElse(null), clock, retryAfterCap),
                    null);
        }
        return new Refused(status, detail);
    }

    private HttpRequest request(URI uri, byte[] json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? Gzip.bestSpeed(json) : json));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return request.build();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException e) {
            return JSON.createObjectNode();
        }
    }
}
