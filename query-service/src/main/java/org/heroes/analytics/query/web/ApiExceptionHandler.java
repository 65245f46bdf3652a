package org.heroes.analytics.query.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The API's one mapping of failures to answers, all {@code application/problem+json} (RFC 9457). Spring MVC's own
 * exceptions (unknown media type, missing parameter, ...) get its standard problem answers from the superclass.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request parameter");
        problem.setProperty("parameter", e.parameter());
        return ResponseEntity.of(problem).build();
    }

    /** A path variable of the wrong type, e.g. a classroom id that is not a UUID. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> mistypedParameter(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null
                ? "a valid value"
                : e.getRequiredType().getSimpleName();
        return invalidParameter(new InvalidParameterException(e.getName(), "is not a " + expected));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknownClassroom(UnknownClassroomException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such classroom.");
        problem.setTitle("Classroom not found");
        return ResponseEntity.of(problem).build();
    }

    /** The database is briefly out of reach (PgBouncer queue full, fail-over): the client may retry. */
    @ExceptionHandler({TransientDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        log.warn("database unavailable for a read: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The analytics database is unavailable; try again shortly.");
        problem.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }
}
