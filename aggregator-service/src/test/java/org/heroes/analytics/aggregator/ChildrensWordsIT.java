package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.classroom;
import static org.heroes.analytics.testsupport.TestRecords.facilitator;
import static org.heroes.analytics.testsupport.TestRecords.feedback;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.student;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A child's words (a feedback comment, an analytics {@code properties} value) reach no log, however the write
 * fails and however slow it is: the real aggregator writes them through PgBouncer into the real PostgreSQL while
 * every statement counts as slow (threshold 1 ms), every statement is logged at DEBUG, CHECK constraints added
 * here refuse the rows of one classroom (the batch fails, each record is probed, the refused ones are
 * dead-lettered) and, later, the writer loses its INSERT privilege on {@code student_feedback} (a failure no
 * record is to blame for: the batch is retried until the error handler gives up a cycle and seeks back). Then a
 * marker written into every comment and property is searched for in everything the system logged: this JVM's
 * output (the aggregator, Spring Kafka's error handler, the embedded Kafka broker) and every log file of the
 * infrastructure (PostgreSQL's server log, PgBouncer's).
 *
 * <p>The aggregator consumes in a group of its own so that its statement-log settings are the ones that apply.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "spring.kafka.consumer.group-id=childrens-words-it",
            "heroes.db.statement-log.slow-threshold=1ms",
            "logging.level.org.heroes.analytics.observability.sql.statements=debug",
            "aggregator.retry.initial-interval=100ms",
            "aggregator.retry.max-interval=200ms",
            "aggregator.retry.max-attempts=2"
        })
@DirtiesContext
class ChildrensWordsIT extends AggregatorIntegrationTest {

    private static final String REFUSE_FEEDBACK =
            "ALTER TABLE student_feedback ADD CONSTRAINT childrens_words_it" + " CHECK (classroom_id <> '%s'::uuid)";
    private static final String REFUSE_ANALYTICS =
            "ALTER TABLE analytics_events ADD CONSTRAINT childrens_words_it" + " CHECK (classroom_id <> '%s'::uuid)";

    private final String marker = "Marker" + UUID.randomUUID().toString().replace("-", "");
    private final String words = "my name is " + marker + " and I live at the end of the road";
    private final String refusedClassroom = id();
    private final String acceptedClassroom = id();

    @Test
    void noCommentOrPropertyValueReachesAnyLogWhenStatementsFailOrAreSlow(CapturedOutput output) {
        String studentId = rosterStudentIn(acceptedClassroom);
        String refusedStudentId = rosterStudentIn(refusedClassroom);
        logEveryStatementInPostgres(true);
        db.execute(REFUSE_FEEDBACK.formatted(refusedClassroom));
        db.execute(REFUSE_ANALYTICS.formatted(refusedClassroom));
        try {
            sendAll(
                    feedbackWithWords(refusedClassroom, refusedStudentId),
                    analyticsWithWords(refusedClassroom, refusedStudentId),
                    feedbackWithWords(acceptedClassroom, studentId),
                    analyticsWithWords(acceptedClassroom, studentId));
            awaitCount(
                    "the accepted classroom's feedback written beside the refused",
                    1,
                    "SELECT count(*) FROM student_feedback WHERE classroom_id = ?::uuid",
                    acceptedClassroom);
            awaitCount(
                    "the accepted classroom's analytics event written beside the refused",
                    1,
                    "SELECT count(*) FROM analytics_events WHERE classroom_id = ?::uuid",
                    acceptedClassroom);
            eventually("both refused records dead-lettered")
                    .until(output::getOut, out -> out.contains("refused as dead letters"));

            db.execute("REVOKE INSERT ON student_feedback FROM heroes_writer");
            sendAll(feedbackWithWords(acceptedClassroom, studentId));
            eventually("the error handler gives up a retry cycle of the batch the writer may not insert")
                    .until(output::getOut, out -> out.contains("not skipping it, it will be retried"));
        } finally {
            logEveryStatementInPostgres(false);
            db.execute("GRANT INSERT ON student_feedback TO heroes_writer");
            db.execute("ALTER TABLE student_feedback DROP CONSTRAINT IF EXISTS childrens_words_it");
            db.execute("ALTER TABLE analytics_events DROP CONSTRAINT IF EXISTS childrens_words_it");
        }
        awaitCount(
                "the batch written once the writer may insert again",
                2,
                "SELECT count(*) FROM student_feedback WHERE classroom_id = ?::uuid",
                acceptedClassroom);

        assertThat(output.getOut())
                .as("the paths that log statements and failures ran")
                .contains("statement failed after ")
                .contains("slow statement: ")
                .contains("INSERT INTO student_feedback")
                .contains("INSERT INTO analytics_events")
                .contains("violates check constraint \"childrens_words_it\"")
                .contains("permission denied for table student_feedback");
        List<Path> logFiles = HeroesInfrastructure.get().logFiles();
        assertThat(read(logFiles.get(0)))
                .as("PostgreSQL logged the refusals")
                .contains("violates check constraint \"childrens_words_it\"");
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(linesWithMarker(output.getAll()))
                    .as("this JVM's output")
                    .isEmpty();
            for (Path log : logFiles) {
                softly.assertThat(linesWithMarker(read(log))).as(log.toString()).isEmpty();
            }
        });
    }

    /**
     * The most talkative {@code postgresql.conf} an operator could write, applied to the running cluster: every
     * statement logged with its duration, every error with all its fields, every parameter in full.
     */
    private void logEveryStatementInPostgres(boolean on) {
        for (String setting : List.of(
                "log_min_duration_statement = 0",
                "log_error_verbosity = verbose",
                "log_parameter_max_length = -1",
                "log_parameter_max_length_on_error = -1")) {
            String name = setting.substring(0, setting.indexOf(' '));
            db.execute(on ? "ALTER SYSTEM SET " + setting : "ALTER SYSTEM RESET " + name);
        }
        db.execute("SELECT pg_reload_conf()");
    }

    /** Rosters a facilitator, the classroom and a student in it, and waits until the student is stored. */
    private String rosterStudentIn(String classroomId) {
        String facilitatorId = id();
        String studentId = id();
        sendAll(
                facilitator(facilitatorId, "f-" + facilitatorId + "@school.example.org", T0),
                classroom(classroomId, facilitatorId, T0),
                student(studentId, classroomId, T0));
        awaitCount("the student rostered", 1, "SELECT count(*) FROM students WHERE id = ?::uuid", studentId);
        return studentId;
    }

    private FeedbackEvent feedbackWithWords(String classroomId, String studentId) {
        return FeedbackEvent.newBuilder(feedback(classroomId))
                .setStudentId(studentId)
                .setComment(words)
                .build();
    }

    private AnalyticsEvent analyticsWithWords(String classroomId, String studentId) {
        return AnalyticsEvent.newBuilder(analytics(classroomId))
                .setStudentId(studentId)
                .setProperties(Map.of("answer", words))
                .build();
    }

    private static void sendAll(org.apache.avro.specific.SpecificRecord... records) {
        for (var record : records) {
            send(record);
        }
    }

    private List<String> linesWithMarker(String log) {
        return log.lines().filter(line -> line.contains(marker)).toList();
    }

    private static String read(Path log) {
        try {
            // byte for byte: a server log need not be valid UTF-8, and the marker is ASCII
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + log, e);
        }
    }
}
