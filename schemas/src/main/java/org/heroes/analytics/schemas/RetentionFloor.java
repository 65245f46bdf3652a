package org.heroes.analytics.schemas;

import java.time.Duration;

/**
 * The floor under the retention age (docs/data-retention.md): raw events older than {@code HEROES_RETENTION_AGE}
 * are deleted by the aggregator and refused by every writer, so an age below 30 days is almost always a typo
 * ({@code P4D} for {@code P400D}, {@code PT400H}) that would purge years of children's activity at the next run.
 * Such an age is refused unless {@code HEROES_RETENTION_ALLOW_SHORT=true} says it is meant. One rule for the
 * aggregator's {@code aggregator.retention.age} and the backfill's {@code --retention-age}.
 */
public final class RetentionFloor {

    /** The shortest age taken without the override. */
    public static final Duration MINIMUM = Duration.ofDays(30);

    /** The variable of the age, read by the aggregator and the backfill. */
    public static final String AGE_VARIABLE = "HEROES_RETENTION_AGE";

    /** The variable that allows an age below {@link #MINIMUM}. */
    public static final String OVERRIDE_VARIABLE = "HEROES_RETENTION_ALLOW_SHORT";

    private RetentionFloor() {}

    /**
     * Refuses {@code age} below {@link #MINIMUM} unless {@code allowShort}.
     *
     * @param ageSetting how the caller's operator sets the age, for the message (e.g. the variable's name)
     * @param overrideSetting how the caller's operator allows a short age, for the message
     * @throws IllegalArgumentException naming the age, the floor and the override
     */
    public static void check(Duration age, boolean allowShort, String ageSetting, String overrideSetting) {
        if (!allowShort && age.compareTo(MINIMUM) < 0) {
            throw new IllegalArgumentException("the retention age " + ageSetting + " is " + describe(age)
                    + ", below the floor of " + MINIMUM.toDays() + " days: raw events older than that would be"
                    + " deleted for good at the next retention run. If that is meant, set " + overrideSetting);
        }
    }

    private static String describe(Duration age) {
        return age.toSeconds() % Duration.ofDays(1).toSeconds() == 0
                ? age.toDays() + " days (P" + age.toDays() + "D)"
                : age.toString();
    }
}
