package org.heroes.analytics.ingest.events;

import java.util.Locale;
import java.util.Optional;
import org.heroes.analytics.eventsjson.MappedBatch;

/**
 * Which classrooms a caller may write events for: a client app's token is bound to one classroom, the
 * main app's service token to none (it writes for all of them).
 */
public final class ClassroomRestriction {

    private static final ClassroomRestriction NONE = new ClassroomRestriction(null);

    private final String classroomId;

    private ClassroomRestriction(String classroomId) {
        this.classroomId = classroomId;
    }

    /** No restriction: any classroom may be written. */
    public static ClassroomRestriction none() {
        return NONE;
    }

    /**
     * Only this classroom may be written; a value that is no UUID lets nothing through.
     *
     * @param classroomId the classroom the caller is bound to, as its token names it
     */
    public static ClassroomRestriction only(String classroomId) {
        return new ClassroomRestriction(classroomId == null ? "" : classroomId.toLowerCase(Locale.ROOT));
    }

    /** The classroom the caller is bound to, if any. */
    public Optional<String> classroomId() {
        return Optional.ofNullable(classroomId);
    }

    /**
     * Refuses the whole batch if any item, valid or not, names another classroom.
     *
     * @throws ForeignClassroomException naming the first foreign classroom found
     */
    public void check(MappedBatch batch) {
        if (classroomId == null) {
            return;
        }
        batch.classroomIds().stream()
                .filter(id -> !id.equals(classroomId))
                .sorted()
                .findFirst()
                .ifPresent(id -> {
                    throw new ForeignClassroomException(
                            "the token may write events of classroom " + classroomId + " only, not of " + id);
                });
    }
}
