package org.heroes.analytics.query.web;

import java.util.UUID;

/**
 * No classroom of this id is visible to the caller: it does not exist or it is another facilitator's. The two are
 * one answer (404) on purpose, so the API tells nobody which classroom ids exist.
 */
public final class UnknownClassroomException extends RuntimeException {

    public UnknownClassroomException(UUID classroomId) {
        super("no classroom " + classroomId);
    }
}
