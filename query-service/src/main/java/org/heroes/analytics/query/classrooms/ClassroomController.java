package org.heroes.analytics.query.classrooms;

import java.util.List;
import java.util.UUID;
import org.heroes.analytics.query.web.TimeRange;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** DESIGN §4: the caller's classrooms and their event analytics. */
@RestController
@RequestMapping(path = "/v1/classrooms", produces = "application/json")
class ClassroomController {

    private final ClassroomReads classrooms;

    ClassroomController(ClassroomReads classrooms) {
        this.classrooms = classrooms;
    }

    /** The caller's active classrooms, newest first, with their student counts. */
    @GetMapping
    List<ClassroomSummary> classrooms() {
        return classrooms.activeClassrooms();
    }

    /** Events per type and category over {@code from <= occurredAt < to}, most frequent first. */
    @GetMapping("/{classroomId}/analytics")
    List<EventGroup> analytics(
            @PathVariable("classroomId") UUID classroomId,
            @RequestParam(name = TimeRange.FROM, required = false) String from,
            @RequestParam(name = TimeRange.TO, required = false) String to) {
        return classrooms.eventGroups(classroomId, TimeRange.parse(from, to));
    }
}
