package org.heroes.analytics.query.privacy;

import org.springframework.stereotype.Component;

/**
 * The rule of small-cell suppression (ADR 0006): an average computed from values that students submitted is shown only
 * if at least k distinct students contributed to it. An average of no student's values (events without a student,
 * or none with a value) identifies nobody and is shown.
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
}
