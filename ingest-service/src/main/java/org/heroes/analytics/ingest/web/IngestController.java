package org.heroes.analytics.ingest.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import org.heroes.analytics.auth.TokenClaims;
import org.heroes.analytics.eventsjson.MappedBatch;
import org.heroes.analytics.eventsjson.RecordMapper;
import org.heroes.analytics.ingest.events.BatchReader;
import org.heroes.analytics.ingest.events.BatchReader.Envelope;
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
    private final Clock clock;

    IngestController(IngestLimitsProperties limits, RecordPublisher publisher, IngestMetrics metrics, Clock clock) {
        this.maxBodyBytes = limits.maxBodySize().toBytes();
        this.eventsReader = new BatchReader("events", limits.maxEvents());
        this.rosterReader = new BatchReader("records", limits.maxEvents());
        this.eventMapper = RecordMapper.events(clock, limits.maxFutureSkew(), limits.retentionAge());
        this.rosterMapper = RecordMapper.roster(clock, limits.maxFutureSkew());
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The events of a client app or the main app. The server's clock is read first, before the body: a batch's
     * {@code sentAt} is compared with the moment it arrived, not with the end of a slow upload.
     */
    @PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestAnswer> events(HttpServletRequest request, JwtAuthenticationToken caller) throws IOException {
        Instant receivedAt = clock.instant();
        Envelope envelope;
        try (InputStream body = RequestBody.of(request, maxBodyBytes)) {
            envelope = eventsReader.read(body);
        }
        MappedBatch batch = eventMapper.map(envelope.items(), envelope.sentAt(), receivedAt);
        restrictionOf(caller.getToken()).check(batch);
        return publish(envelope, batch);
    }

    /** Roster records of the main app; a {@code sentAt} is ignored (a server's clock, and no correction). */
    @PostMapping(path = "/v1/roster", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestAnswer> roster(HttpServletRequest request) throws IOException {
        Envelope envelope;
        try (InputStream body = RequestBody.of(request, maxBodyBytes)) {
            envelope = rosterReader.read(body);
        }
        return publish(envelope, rosterMapper.map(envelope.items()));
    }

    /** Publishes the valid items; the counts are kept only for answers that report them (not a 503). */
    private ResponseEntity<IngestAnswer> publish(Envelope envelope, MappedBatch batch) {
        if (batch.accepted().isEmpty()) {
            metrics.rejected(envelope.items(), batch.rejected());
            throw new NoValidRecordException(batch.rejected());
        }
        publisher.publish(batch.accepted());
        metrics.accepted(batch.accepted());
        metrics.rejected(envelope.items(), batch.rejected());
        metrics.unknownFields(batch.warnings());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(IngestAnswer.of(batch));
    }

    /** A client app's token names its one classroom; the main app's service token names none. */
    private static ClassroomRestriction restrictionOf(Jwt token) {
        return token.hasClaim(TokenClaims.CLASSROOM_ID)
                ? ClassroomRestriction.only(token.getClaimAsString(TokenClaims.CLASSROOM_ID))
                : ClassroomRestriction.none();
    }
}
