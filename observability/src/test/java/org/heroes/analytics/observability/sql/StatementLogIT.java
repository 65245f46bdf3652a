package org.heroes.analytics.observability.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Statements run through the wrapped writer pool against the real PostgreSQL, through PgBouncer: what the log
 * shows of a failed, a slow and an ordinary statement: the values of numbers, date-times and UUIDs, the shapes of
 * text and arrays (never their content), and no e-mail address anywhere.
 */
class StatementLogIT {

    private static final String EMAIL = "facilitator.one@school.example.org";
    private static final String FAILING = "SELECT CAST(? AS int) + cardinality(?::text[])";
    private static final String WORDS = "my name is Ann and I live on Elm Street";

    private final Logger statementLog = (Logger) LoggerFactory.getLogger(StatementLog.class);
    private final Logger everyStatement = (Logger) LoggerFactory.getLogger(StatementLog.EVERY_STATEMENT_LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final DataSource dataSource = new StatementLog(new StatementLogProperties(true, Duration.ofMillis(300)))
            .wrap("writer", HeroesInfrastructure.get().dataSource(DbRole.WRITER));

    @BeforeEach
    void capture() {
        appender.start();
        statementLog.addAppender(appender);
        everyStatement.addAppender(appender);
    }

    @AfterEach
    void release() {
        statementLog.detachAppender(appender);
        everyStatement.detachAppender(appender);
        everyStatement.setLevel(null);
    }

    @Test
    void aFailedStatementIsLoggedWithItsSqlRedactedParametersAndDuration() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(FAILING)) {
            statement.setString(1, EMAIL);
            statement.setArray(2, connection.createArrayOf("text", new String[] {"a@b.org", "plain", EMAIL}));
            assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class);
        }

        assertThat(appender.list).hasSize(1);
        ILoggingEvent event = appender.list.get(0);
        String line = event.getFormattedMessage();
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(line)
                .startsWith("statement failed after ")
                .contains(" ms on writer: org.postgresql.util.PSQLException [SQLState 22P02: ")
                .contains("sql: " + FAILING)
                .contains("[SQLState 22P02: ERROR: invalid input syntax for type integer: \"text[" + EMAIL.length()
                        + "]\"]")
                .contains("(1=text[" + EMAIL.length() + "], 2=text[]×3)")
                .doesNotContain("@")
                .doesNotContain("plain");
    }

    @Test
    void aStatementOverTheThresholdIsLoggedAsSlow() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT pg_sleep(?), ?::text")) {
            statement.setDouble(1, 0.4);
            statement.setString(2, EMAIL);
            statement.executeQuery().close();
        }

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .startsWith("slow statement: ")
                    .contains("(threshold 300 ms) on writer; sql: SELECT pg_sleep(?), ?::text")
                    .contains("(1=0.4, 2=text[" + EMAIL.length() + "])");
        });
    }

    @Test
    void ordinaryStatementsAreLoggedOnlyWhenTheirLoggerIsAtDebug() throws SQLException {
        runQuickStatement();
        assertThat(appender.list).isEmpty();

        everyStatement.setLevel(Level.DEBUG);
        runQuickStatement();

        List<ILoggingEvent> events = appender.list;
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(event.getLoggerName()).isEqualTo(StatementLog.EVERY_STATEMENT_LOGGER);
            assertThat(event.getFormattedMessage())
                    .contains("sql: SELECT ?::text")
                    .contains("(1=text[" + EMAIL.length() + "])");
        });
    }

    @Test
    void wordsShowOnlyTheirShapeWhileIdsNumbersAndTimesShowTheirValue() throws SQLException {
        UUID id = UUID.randomUUID();
        OffsetDateTime at = OffsetDateTime.parse("2026-11-26T09:30:00Z");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT CAST(? AS int) + cardinality(?::text[]), ?::uuid, ?::timestamptz, ?::text")) {
            statement.setString(1, WORDS);
            statement.setArray(2, connection.createArrayOf("text", new String[] {WORDS, WORDS}));
            statement.setObject(3, id);
            statement.setObject(4, at);
            statement.setString(5, WORDS);
            assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class);
        }

        assertThat(appender.list)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .contains("(1=text[39], 2=text[]×2, 3=" + id + ", 4=" + at + ", 5=text[39])")
                        .doesNotContain("Elm Street"));
    }

    private void runQuickStatement() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT ?::text")) {
            statement.setString(1, EMAIL);
            statement.executeQuery().close();
        }
    }
}
