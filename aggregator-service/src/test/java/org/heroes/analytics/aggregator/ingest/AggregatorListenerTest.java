package org.heroes.analytics.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.heroes.analytics.aggregator.TestRecords.analytics;
import static org.heroes.analytics.aggregator.TestRecords.feedback;
import static org.heroes.analytics.aggregator.TestRecords.id;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.aggregator.deadletter.DeadLetter;
import org.heroes.analytics.aggregator.deadletter.DeadLetterPublisher;
import org.heroes.analytics.aggregator.sink.BatchSink;
import org.heroes.analytics.aggregator.sink.FailureKind;
import org.heroes.analytics.aggregator.sink.SinkBatch;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.Topic;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;

class AggregatorListenerTest {

    private static final EventCodec CODEC = EventCodec.create();
    private final BatchSink sink = mock(BatchSink.class);
    private final DeadLetterPublisher deadLetters = mock(DeadLetterPublisher.class);
    private final AggregatorListener listener = new AggregatorListener(CODEC, sink, deadLetters);
    private final List<List<DeadLetter>> published = new ArrayList<>();
    private long offset;

    AggregatorListenerTest() {
        doAnswer(call -> published.add(call.getArgument(0))).when(deadLetters).publish(any());
    }

    @Test
    void validRecordsAreWrittenInOneCallAndBadOnesDeadLettered() {
        var event = analytics(id());
        var rating = feedback(id());
        var garbage = new ConsumerRecord<>(
                Topic.ANALYTICS.topicName(), 0, offset++, "k", "?".getBytes(StandardCharsets.UTF_8));

        listener.onBatch(List.of(consumed(event), garbage, consumed(rating)));

        verify(sink)
                .write(argThat(b ->
                        b.analytics().equals(List.of(event)) && b.feedback().equals(List.of(rating))));
        assertThat(published)
                .singleElement()
                .satisfies(letters ->
                        assertThat(letters).extracting(DeadLetter::source).containsExactly(garbage));
    }

    @Test
    void recordTheDatabaseRefusesIsFoundOneByOneAndDeadLetteredWhileTheOthersAreWritten() {
        var good = analytics(id());
        var poison = analytics(id());
        var refusal = new DataIntegrityViolationException("check", new SQLException("violates check", "23514"));
        when(sink.write(any())).thenAnswer(call -> {
            SinkBatch batch = call.getArgument(0);
            if (batch.analytics().contains(poison)) {
                throw refusal;
            }
            return batch.size();
        });
        var poisonRecord = consumed(poison);

        listener.onBatch(List.of(consumed(good), poisonRecord));

        verify(sink).write(argThat(b -> b.analytics().equals(List.of(good))));
        assertThat(published)
                .singleElement()
                .satisfies(letters -> assertThat(letters).singleElement().satisfies(letter -> {
                    assertThat(letter.source()).isSameAs(poisonRecord);
                    assertThat(letter.reason()).isEqualTo("violates check");
                }));
    }

    @Test
    void transientFailureFailsTheWholeBatchAndDeadLettersNothing() {
        when(sink.write(any()))
                .thenThrow(new UncategorizedSQLException("write", "INSERT", new SQLException("gone", "08006")));

        assertThatThrownBy(() -> listener.onBatch(List.of(consumed(analytics(id())))))
                .isInstanceOfSatisfying(
                        BatchWriteException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT));
        verify(deadLetters, never()).publish(any());
    }

    @Test
    void fatalFailureIsNotMistakenForABadRecord() {
        when(sink.write(any()))
                .thenThrow(new UncategorizedSQLException("write", "INSERT", new SQLException("denied", "42501")));

        assertThatThrownBy(() -> listener.onBatch(List.of(consumed(analytics(id())))))
                .isInstanceOfSatisfying(
                        BatchWriteException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.FATAL));
        verify(deadLetters, never()).publish(any());
    }

    private ConsumerRecord<String, byte[]> consumed(SpecificRecord record) {
        return new ConsumerRecord<>(
                Topic.of(record).topicName(), 0, offset++, Topic.keyOf(record), CODEC.encode(record));
    }
}
