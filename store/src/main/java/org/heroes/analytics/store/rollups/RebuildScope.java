package org.heroes.analytics.store.rollups;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which rollup rows a rebuild replaces: some classrooms (none named: every classroom) and/or a time
 * range {@code [from, to)} (either end may be open).
 *
 * <p>The hourly rollups ({@code analytics_hourly_rollup}, {@code feedback_hourly_rollup}) are rebuilt
 * for the whole UTC hours the range touches: {@code from} is floored and {@code to} ceiled to the hour
 * ({@link #hourFrom()}, {@link #hourTo()}), because a bucket is only ever right or wrong as a whole.
 *
 * <p>The per-classroom rollups ({@code progress_rollup}, {@code classroom_rollup}) have no time: they
 * hold the latest state of a student's lessons and the roster as it is now. They are rebuilt for the
 * named classrooms whatever the range, or for every classroom when the scope names neither classrooms
 * nor a range. A time range alone leaves them alone: an operator who repairs some hours should not
 * find every classroom's counts rewritten by surprise ({@link #coversClassroomRollups()}).
 *
 * @param classrooms the classrooms to rebuild; empty means every classroom
 * @param from the start of the range, inclusive, or {@code null} for no lower bound
 * @param to the end of the range, exclusive, or {@code null} for no upper bound
 */
public record RebuildScope(SortedSet<UUID> classrooms, Instant from, Instant to) {

    private static final Duration HOUR = Duration.ofHours(1);

    /** Checks that the range is not empty and keeps its own sorted copy of the classrooms. */
    public RebuildScope {
        if (classrooms == null) {
            throw new IllegalArgumentException("classrooms must not be null (empty means every classroom)");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        classrooms = Collections.unmodifiableSortedSet(new TreeSet<>(classrooms));
    }

    /** Every rollup row of every classroom, all time. */
    public static RebuildScope everything() {
        return new RebuildScope(new TreeSet<>(), null, null);
    }

    /**
     * The scope of the operator's flags.
     *
     * @param classrooms the classrooms named (none: every classroom)
     * @param from {@code --from}, or {@code null}
     * @param to {@code --to}, or {@code null}
     * @throws IllegalArgumentException if {@code from} is not before {@code to}
     */
    public static RebuildScope of(Collection<UUID> classrooms, Instant from, Instant to) {
        return new RebuildScope(new TreeSet<>(classrooms), from, to);
    }

    /** True when no classroom is named: the scope covers every classroom. */
    public boolean everyClassroom() {
        return classrooms.isEmpty();
    }

    /** True when a time range (either end) was given. */
    public boolean hasTimeRange() {
        return from != null || to != null;
    }

    /** {@code from} floored to its UTC hour: the first hourly bucket rebuilt, or {@code null} if unbounded. */
    public Instant hourFrom() {
        return from == null ? null : from.truncatedTo(ChronoUnit.HOURS);
    }

    /** {@code to} ceiled to a UTC hour: the first hourly bucket not rebuilt, or {@code null} if unbounded. */
    public Instant hourTo() {
        if (to == null) {
            return null;
        }
        Instant floor = to.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(to) ? to : floor.plus(HOUR);
    }

    /** Whether {@code progress_rollup} and {@code classroom_rollup} are rebuilt (see the type's comment). */
    public boolean coversClassroomRollups() {
        return !everyClassroom() || !hasTimeRange();
    }

    /** One line for the operator, naming the hours actually rebuilt. */
    public String describe() {
        String who = everyClassroom()
                ? "every classroom"
                : classrooms.size() == 1
                        ? "classroom " + classrooms.first()
                        : classrooms.size() + " classrooms ("
                                + classrooms.stream().map(UUID::toString).collect(Collectors.joining(", ")) + ")";
        if (!hasTimeRange()) {
            return who + ", all time";
        }
        String hours = "hours [" + (from == null ? "-infinity" : hourFrom()) + ", "
                + (to == null ? "infinity" : hourTo()) + ")";
        boolean widened = (from != null && !from.equals(hourFrom())) || (to != null && !to.equals(hourTo()));
        return who + ", " + hours
                + (widened ? " (from floored, to ceiled to whole UTC hours)" : "")
                + (coversClassroomRollups() ? "" : "; progress and classroom counts left alone (no classroom named)");
    }
}
