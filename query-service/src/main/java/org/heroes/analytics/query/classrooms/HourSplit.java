package org.heroes.analytics.query.classrooms;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.query.web.TimeRange;

/**
 * {@code [from, to)} cut where the hourly rollups can answer it: the whole UTC hours {@code [wholeFrom, wholeTo)}
 * come from a rollup, the partial hours at the edges, {@code [from, headTo)} and {@code [tailFrom, to)}, from the raw
 * rows. The three pieces never overlap and together are exactly {@code [from, to)}, so a sum over them equals the
 * sum over the raw rows of the whole range. A range that holds no whole hour is all head: {@code [wholeFrom,
 * wholeTo)} and {@code [tailFrom, to)} are then empty.
 */
record HourSplit(Instant from, Instant headTo, Instant wholeFrom, Instant wholeTo, Instant tailFrom, Instant to) {

    static HourSplit of(TimeRange range) {
        Instant from = range.from();
        Instant to = range.to();
        Instant firstWholeHour = from.truncatedTo(ChronoUnit.HOURS);
        if (firstWholeHour.isBefore(from)) {
            firstWholeHour = firstWholeHour.plus(1, ChronoUnit.HOURS);
        }
        Instant endOfWholeHours = to.truncatedTo(ChronoUnit.HOURS);
        if (!firstWholeHour.isBefore(endOfWholeHours)) {
            return new HourSplit(from, to, from, from, to, to);
        }
        return new HourSplit(from, firstWholeHour, firstWholeHour, endOfWholeHours, endOfWholeHours, to);
    }

    /** The named parameters of the split statements, beside the classroom. */
    Map<String, Object> parameters(UUID classroomId) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("classroomId", classroomId);
        parameters.put("from", from);
        parameters.put("headTo", headTo);
        parameters.put("wholeFrom", wholeFrom);
        parameters.put("wholeTo", wholeTo);
        parameters.put("tailFrom", tailFrom);
        parameters.put("to", to);
        return parameters;
    }
}
