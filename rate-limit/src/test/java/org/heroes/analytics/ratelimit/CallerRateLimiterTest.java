package org.heroes.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

class CallerRateLimiterTest {

    /** A clock the test moves by hand. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private final Ticker ticker = nanos::get;

    private CallerRateLimiter limiter(long burst, long requests, Duration per, long maxCallers) {
        return new CallerRateLimiter(new RateLimit(burst, requests, per), maxCallers, ticker);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aCallerMayMakeItsBurstAtOnceThenIsToldHowLongToWait() {
        CallerRateLimiter limiter = limiter(3, 1, Duration.ofSeconds(2), 100);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isEmpty();
        }

        assertThat(limiter.tryAcquire("a")).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void theWaitIsWholeSecondsRoundedUp() {
        CallerRateLimiter limiter = limiter(1, 2, Duration.ofSeconds(3), 100);
        limiter.tryAcquire("a");

        assertThat(limiter.tryAcquire("a")).as("1.5 s until the next").isEqualTo(OptionalLong.of(2));
        advance(Duration.ofMillis(1_400));
        assertThat(limiter.tryAcquire("a")).as("0.1 s until the next").isEqualTo(OptionalLong.of(1));
    }

    @Test
    void theBucketRefillsAtTheSustainedRate() {
        CallerRateLimiter limiter = limiter(2, 10, Duration.ofSeconds(1), 100);
        limiter.tryAcquire("a");
        limiter.tryAcquire("a");
        assertThat(limiter.tryAcquire("a")).isPresent();

        advance(Duration.ofMillis(100));

        assertThat(limiter.tryAcquire("a")).isEmpty();
        assertThat(limiter.tryAcquire("a")).isPresent();
    }

    @Test
    void callersHaveBucketsOfTheirOwn() {
        CallerRateLimiter limiter = limiter(1, 1, Duration.ofHours(1), 100);
        limiter.tryAcquire("a");

        assertThat(limiter.tryAcquire("a")).isPresent();
        assertThat(limiter.tryAcquire("b")).isEmpty();
    }

    @Test
    void anIdleCallerIsForgottenOnceItsBucketWouldBeFullAgain() {
        CallerRateLimiter limiter = limiter(60, 10, Duration.ofSeconds(1), 100);
        for (int i = 0; i < 60; i++) {
            limiter.tryAcquire("a");
        }
        assertThat(limiter.tryAcquire("a")).isPresent();

        advance(Duration.ofMillis(5_900));
        assertThat(limiter.callers()).as("not yet full again").isEqualTo(1);
        advance(Duration.ofMillis(200));
        assertThat(limiter.callers()).as("full again: forgotten").isZero();

        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire("a")).as("a new bucket is a full one").isEmpty();
        }
        assertThat(limiter.tryAcquire("a")).isPresent();
    }

    @Test
    void noMoreThanMaxCallersBucketsAreKept() {
        CallerRateLimiter limiter = limiter(5, 1, Duration.ofHours(1), 2);

        for (int caller = 0; caller < 1_000; caller++) {
            limiter.tryAcquire("caller-" + caller);
        }

        assertThat(limiter.callers()).isLessThanOrEqualTo(2);
    }

    @Test
    void aLimitMustAllowSomething() {
        assertThatThrownBy(() -> new RateLimit(0, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
        assertThatThrownBy(() -> new RateLimit(1, 0, Duration.ofSeconds(1))).hasMessageContaining("requests");
        assertThatThrownBy(() -> new RateLimit(1, 1, Duration.ZERO)).hasMessageContaining("period");
        assertThatThrownBy(() -> new CallerRateLimiter(new RateLimit(1, 1, Duration.ofSeconds(1)), 0))
                .hasMessageContaining("maxCallers");
    }

    @Test
    void theRefillTimeIsWhatAnEmptyBucketTakesToBeFull() {
        assertThat(new RateLimit(60, 10, Duration.ofSeconds(1)).refillTime()).isEqualTo(Duration.ofSeconds(6));
        assertThat(new RateLimit(1, 3, Duration.ofSeconds(1)).refillTime()).isEqualTo(Duration.ofNanos(333_333_334));
    }

    @Test
    void aSpentLimitIsA429WithRetryAfterAndAProblemBody() {
        RateLimitedException refused = new RateLimitedException(7);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(refused.getBody().getTitle()).isEqualTo("Rate limit spent");
        assertThat(refused.getBody().getDetail()).contains("retry after 7 s");
        assertThat(refused.retryAfterSeconds()).isEqualTo(7);
    }
}
