package org.heroes.analytics.query.privacy;

import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The rule of small-cell suppression (ADR 0006): an average computed from values that students submitted is shown only
 * if at least k distinct students contributed to it. An average of no student's values (events without a student,
 * or none with a value) identifies nobody and is shown — unless the cell reaches before the retention horizon,
 * where the raw rows that tell whose values they were may be gone.
 */
@Component
public class SmallCells {

    private final int minStudents;

    SmallCells(PrivacyProperties properties) {
        this.minStudents = properties.minStudents();
    }

    /** Whether an average over the values of {@code students} distinct students must be withheld. */
    public boolean hides(long students) {
        return students > 0 && students < minStudents;
    }

    /**
     * Whether the average of a cell that begins at {@code cellFrom} must be withheld: by the count of {@code
     * students}, or because the cell begins before the retention {@code horizon} (ADR 0012). Before it the raw
     * rows may be gone, so the distinct count is not known (it would read 0, and even classroom-level values can
     * no longer be told from students'), while the rollups still hold the sums. An absent average withholds
     * nothing.
     *
     * @param horizon the retention horizon ({@link RetentionHorizon}), or {@code null} if nothing was deleted
     */
    public boolean hides(long students, Instant cellFrom, Instant horizon, Object average) {
        if (average == null) {
            return false;
        }
        return (horizon != null && cellFrom.isBefore(horizon)) || hides(students);
    }
}
