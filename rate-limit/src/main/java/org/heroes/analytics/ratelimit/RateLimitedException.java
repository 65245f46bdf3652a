package org.heroes.analytics.ratelimit;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The caller's rate limit is spent: {@code 429} with {@code Retry-After} in whole seconds and an RFC 9457 problem
 * body. It is an {@link org.springframework.web.ErrorResponse}, so a service's {@code @RestControllerAdvice} that
 * extends {@code ResponseEntityExceptionHandler} answers it as it is, headers included, with no handler of its own.
 */
public final class RateLimitedException extends ErrorResponseException {

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(retryAfterSeconds), null);
        this.retryAfterSeconds = retryAfterSeconds;
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    private static ProblemDetail problem(long retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.TOO_MANY_REQUESTS,
                "The caller's rate limit is spent; retry after " + retryAfterSeconds + " s.");
        problem.setTitle("Rate limit spent");
        return problem;
    }

    /** The whole seconds until the caller's bucket holds a request again (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
