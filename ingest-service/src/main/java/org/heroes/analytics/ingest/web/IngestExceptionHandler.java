package org.heroes.analytics.ingest.web;

import org.heroes.analytics.ingest.events.ForeignClassroomException;
import org.heroes.analytics.ingest.events.MalformedBatchException;
import org.heroes.analytics.ingest.events.NoValidRecordException;
import org.heroes.analytics.ingest.events.TooManyRecordsException;
import org.heroes.analytics.ingest.publishing.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns the domain's failures into RFC 9457 problem answers; Spring MVC's own (unsupported media type,
 * wrong method, ...) get theirs from {@link ResponseEntityExceptionHandler}. The only place failures
 * are logged.
 */
@RestControllerAdvice
class IngestExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IngestExceptionHandler.class);

    /** Seconds a client should wait before retrying a batch Kafka did not take. */
    private static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler
    ResponseEntity<ProblemDetail> malformed(MalformedBatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed request body", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> noValidRecord(NoValidRecordException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("No valid event");
        problem.setProperty("accepted", 0);
        problem.setProperty("rejected", e.rejected());
        return ResponseEntity.of(problem).build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooManyRecords(TooManyRecordsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Too many events");
        problem.setProperty("limit", e.limit());
        return ResponseEntity.of(problem).build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unsupportedEncoding(UnsupportedContentEncodingException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Encoding", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> foreignClassroom(ForeignClassroomException e) {
        return problem(HttpStatus.FORBIDDEN, "Classroom not allowed", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> publishFailed(PublishFailedException e) {
        if (!e.retriable()) {
            LOG.error("Kafka refused a batch for good", e);
            return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Events not stored", "Kafka refused the events");
        }
        LOG.warn("Answering 503: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The events were not acknowledged in time; none is accepted. Retry with the same eventIds.");
        problem.setTitle("Events not acknowledged");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.of(problem).build();
    }
}
