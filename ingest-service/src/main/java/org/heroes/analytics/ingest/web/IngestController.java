package org.heroes.analytics.ingest.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.heroes.analytics.auth.TokenClaims;
import org.heroes.analytics.ingest.events.BatchReader;
import org.heroes.analytics.ingest.events.ClassroomRestriction;
import org.heroes.analytics.ingest.events.MappedBatch;
import org.heroes.analytics.ingest.events.NoValidRecordException;
import org.heroes.analytics.ingest.events.RecordMapper;
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

    IngestController(IngestLimitsProperties limits, RecordPublisher publisher, Clock clock) {
        this.maxBodyBytes = limits.maxBodySize().toBytes();
        this.eventsReader = new BatchReader("events", limits.maxEvents());
        this.rosterReader = new BatchReader("records", limits.maxEvents());
        this.eventMapper = RecordMapper.events(clock, limits.maxFutureSkew());
        this.rosterMapper = RecordMapper.roster(clock, limits.maxFutureSkew());
        this.publisher = publisher;
    }

    @PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestAnswer> events(HttpServletRequest request, JwtAuthenticationToken caller) throws IOException {
        MappedBatch batch = eventMapper.map(eventsReader.read(body(request)));
        restrictionOf(caller.getToken()).check(batch);
        return publish(batch);
    }

    @PostMapping(path = "/v1/roster", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestAnswer> roster(HttpServletRequest request) throws IOException {
        return publish(rosterMapper.map(rosterReader.read(body(request))));
    }

    private ResponseEntity<IngestAnswer> publish(MappedBatch batch) {
        if (batch.accepted().isEmpty()) {
            throw new NoValidRecordException(batch.rejected());
        }
        publisher.publish(batch.accepted());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new IngestAnswer(batch.accepted().size(), batch.rejected()));
    }

    /** A client app's token names its one classroom; the main app's service token names none. */
    private static ClassroomRestriction restrictionOf(Jwt token) {
        return token.hasClaim(TokenClaims.CLASSROOM_ID)
                ? ClassroomRestriction.only(token.getClaimAsString(TokenClaims.CLASSROOM_ID))
                : ClassroomRestriction.none();
    }

    /** The body, refused before reading if it announces too many bytes, and refused if it brings them. */
    private byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw new PayloadTooLargeException(maxBodyBytes);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw new PayloadTooLargeException(maxBodyBytes);
            }
            return body;
        }
    }
}
