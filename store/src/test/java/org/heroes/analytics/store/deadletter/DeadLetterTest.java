package org.heroes.analytics.store.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final ConsumerRecord<String, byte[]> SOURCE =
            new ConsumerRecord<>("heroes.student-feedback.v1", 0, 7L, "k", new byte[] {1});

    @Test
    void theDatabasesRowDetailNeverReachesTheReason() {
        var refused = new SQLException("ERROR: new row for relation \"student_feedback\" violates check constraint"
                + " \"student_feedback_comment_check\"\n  Detail: Failing row contains (e1, c1, s1, 3, rating, 4,"
                + " my name is Alice Smith, 2026-11-26).");

        DeadLetter letter = DeadLetter.of(SOURCE, refused);

        assertThat(letter.reason())
                .isEqualTo("ERROR: new row for relation \"student_feedback\" violates check constraint"
                        + " \"student_feedback_comment_check\"")
                .doesNotContain("Alice");
    }

    @Test
    void aReasonWithoutDetailIsKeptWhole() {
        assertThat(DeadLetter.of(SOURCE, new IllegalArgumentException("lessonId: must be an integer from 1 to 12"))
                        .reason())
                .isEqualTo("lessonId: must be an integer from 1 to 12");
    }
}
