package org.heroes.analytics.ingest.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import org.heroes.analytics.auth.TokenClaims;
import org.heroes.analytics.eventsjson.MappedBatch;
import org.heroes.analytics.eventsjson.RecordMapper;
import org.heroes.analytics.ingest.events.BatchReader;
import org.heroes.analytics.ingest.events.ClassroomRestriction;
import org.heroes.analytics.ingest.events.NoValidRecordException;
import org.heroes.analytics.ingest.publishing.RecordPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/events} (client apps and the main app) and {@code POST /v1/roster} (the main app).
 * The scope each needs is checked by the security filter chain before a request gets here.
 */
@RestController
class IngestController {

    private final long maxBodyBytes;
    private final BatchReader eventsReader;
    private final BatchReader rosterReader;
    private final RecordMapper eventMapper;
    private final RecordMapper rosterMapper;
    private final RecordPublisher publisher;
    private final IngestMetrics metrics;

    IngestController(IngestLimitsProperties limits, RecordPublisher publisher, IngestMetrics metrics, Clock clock) {
        this.maxBodyBytes = limits.maxBodySize().toBytes();
        this.eventsReader = new BatchReader("events", limits.maxEvents());
        this.rosterReader = new BatchReader("records", limits.maxEvents());
        this.eventMapper = RecordMapper.events(clock, limits.maxFutureSkew(), limits.liveWindow());
        this.rosterMapper = RecordMapper.roster(clock, limits.maxFutureSkew());
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestAnswer> events(HttpServletRequest request, JwtAuthenticationToken caller) throws IOException {
        List<JsonNode> items;
        try (InputStream body = RequestBody.of(request, maxBodyBytes)) {
            items = eventsReader.read(body);
        }
        MappedBatch batch = eventMapper.map(items);
        restrictionOf(caller.getToken()).check(batch);
        return publish(items, batch);
    }

    @PostMapping(path = "/v1/roster", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestAnswer> roster(HttpServletRequest request) throws IOException {
        List<JsonNode> items;
        try (InputStream body = RequestBody.of(request, maxBodyBytes)) {
            items = rosterReader.read(body);
        }
        return publish(items, rosterMapper.map(items));
    }

    /** Publishes the valid items; the counts are kept only for answers that report them (not a 503). */
    private ResponseEntity<IngestAnswer> publish(List<JsonNode> items, MappedBatch batch) {
        if (batch.accepted().isEmpty()) {
            metrics.rejected(items, batch.rejected());
            throw new NoValidRecordException(batch.rejected());
        }
        publisher.publish(batch.accepted());
        metrics.accepted(batch.accepted());
        metrics.rejected(items, batch.rejected());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new IngestAnswer(batch.accepted().size(), batch.rejected()));
    }

    /** A client app's token names its one classroom; the main app's service token names none. */
    private static ClassroomRestriction restrictionOf(Jwt token) {
        return token.hasClaim(TokenClaims.CLASSROOM_ID)
                ? ClassroomRestriction.only(token.getClaimAsString(TokenClaims.CLASSROOM_ID))
                : ClassroomRestriction.none();
    }
}
