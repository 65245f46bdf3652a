package org.heroes.analytics.store.forget;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.heroes.analytics.store.rollups.RollupRebuilder;
import org.heroes.analytics.store.sink.RosterTombstones;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * A roster tombstone forgets the student its key names, in the consuming batch's transaction and so exactly once
 * with the batch's offsets (ADR 0022): the {@link StudentForgetter}'s own steps, not a copy (listed, every row
 * removed, the touched rollups rebuilt). The transaction is made REPEATABLE READ first, as the forget's rollup
 * rebuild needs. A key that names a facilitator or a classroom is refused as the record's fault: they are
 * deactivated, never deleted, and such a tombstone is dead-lettered with the reason. A key the database does not
 * know is forgotten as a student: the tombstone may well be the only trace of a student forgotten elsewhere.
 *
 * <p>Logs counts only, never an id.
 */
@Component
class TombstoneForgetter implements RosterTombstones {

    private static final Logger log = LoggerFactory.getLogger(TombstoneForgetter.class);

    /** Which of the keys are a facilitator's or a classroom's, and which. */
    static final String NOT_STUDENTS = """
            SELECT 'facilitator' AS kind FROM facilitators WHERE id = ANY(?::uuid[])
            UNION ALL
            SELECT 'classroom' FROM classrooms WHERE id = ANY(?::uuid[])
            """;

    private final JdbcClient jdbc;
    private final StudentForgetter forgetter;

    TombstoneForgetter(JdbcClient jdbc, StudentForgetter forgetter) {
        this.jdbc = jdbc;
        this.forgetter = forgetter;
    }

    @Override
    public void applyFirstInTransaction(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        jdbc.sql(RollupRebuilder.REPEATABLE_READ).update();
        LinkedHashSet<String> students = new LinkedHashSet<>(keys);
        Object[] ids = students.toArray();
        jdbc
                .sql(NOT_STUDENTS)
                .params(new SqlArrayValue("uuid", ids), new SqlArrayValue("uuid", ids))
                .query(String.class)
                .list()
                .stream()
                .findFirst()
                .ifPresent(kind -> {
                    throw new DataIntegrityViolationException(
                            "a roster tombstone deletes a student, but its key names a " + kind
                                    + ": deactivate it with active=false instead");
                });
        long rows = 0;
        for (String student : students) {
            rows += forgetter
                    .forgetInCurrentTransaction(UUID.fromString(student), started)
                    .rowsRemoved();
        }
        log.info("roster tombstones: {} student(s) forgotten, {} rows removed", students.size(), rows);
    }
}
