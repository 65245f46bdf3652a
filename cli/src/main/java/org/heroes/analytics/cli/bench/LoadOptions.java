package org.heroes.analytics.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.heroes.analytics.client.IngestClient;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the benchmarks that send through ingest share (a picocli mixin): where ingest is, the batch size, one HTTP/1.1
 * client for every connection, and where the figures go as JSON.
 */
final class LoadOptions {

    @Option(names = "--ingest-url", defaultValue = "${env:HEROES_INGEST_URL:-http://127.0.0.1:8081}")
    URI ingestUrl;

    @Option(names = "--batch", defaultValue = "100", description = "Events per request (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Where to write the figures as JSON.")
    Path json;

    private HttpClient http;

    /** One client, HTTP/1.1 keep-alive connections (the client library's and the query API's requests alike). */
    synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        }
        return http;
    }

    /** The client library, batches of {@code --batch}, on {@link #http()}. */
    IngestClient ingest(Supplier<String> token, boolean gzip) {
        return IngestClient.builder(ingestUrl, token)
                .httpClient(http())
                .batchSize(batch)
                .gzip(gzip)
                .build();
    }

    /** Writes the figures to {@code --json}, pretty-printed, when it was given. */
    void writeJson(Map<String, Object> figures) throws IOException {
        if (json == null) {
            return;
        }
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.write(
                json,
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsBytes(figures));
    }
}
