package org.heroes.analytics.store.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.feedback;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.store.deadletter.DeadLetter;
import org.heroes.analytics.store.deadletter.DeadLetterPublisher;
import org.heroes.analytics.store.failures.FailureKind;
import org.heroes.analytics.store.offsets.BatchOffsets;
import org.heroes.analytics.store.offsets.StaleBatchException;
import org.heroes.analytics.store.sink.BatchSink;
import org.heroes.analytics.store.sink.SinkBatch;
import org.heroes.analytics.store.sink.WriteResult;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;

class BatchProcessorTest {

    private static final EventCodec CODEC = EventCodec.create();
    private final BatchSink sink = mock(BatchSink.class);
    private final DeadLetterPublisher deadLetters = mock(DeadLetterPublisher.class);
    private final BatchProcessor processor = new BatchProcessor(CODEC, sink, deadLetters);
    private final List<List<DeadLetter>> published = new ArrayList<>();
    private long offset;

    BatchProcessorTest() {
        doAnswer(call -> published.add(call.getArgument(0))).when(deadLetters).publish(any());
        doAnswer(call -> published.add(call.getArgument(0))).when(deadLetters).publish(any(), any());
        when(sink.write(any(), any(), any())).thenReturn(new WriteResult(0, 0, null, 0, 0));
    }

    @Test
    void validRecordsAreWrittenInOneCallAndBadOnesDeadLettered() {
        var event = analytics(id());
        var rating = feedback(id());
        var garbage = new ConsumerRecord<>(
                Topic.ANALYTICS.topicName(), 0, offset++, "k", "?".getBytes(StandardCharsets.UTF_8));

        var records = List.of(consumed(event), garbage, consumed(rating));
        processor.process(records, BatchOffsets.of(records));

        verify(sink)
                .write(
                        argThat(b -> b.analytics().equals(List.of(event))
                                && b.feedback().equals(List.of(rating))),
                        eq(BatchOffsets.of(records)),
                        any());
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
        when(sink.write(any(), any(), any())).thenAnswer(call -> {
            SinkBatch batch = call.getArgument(0);
            if (batch.analytics().contains(poison)) {
                throw refusal;
            }
            return new WriteResult(batch.size(), 0, null, 0, 0);
        });
        doAnswer(call -> {
                    SinkBatch batch = call.getArgument(0);
                    if (batch.analytics().contains(poison)) {
                        throw refusal;
                    }
                    return null;
                })
                .when(sink)
                .probe(any());
        var poisonRecord = consumed(poison);
        var records = List.of(consumed(good), poisonRecord);

        processor.process(records, BatchOffsets.of(records));

        verify(sink).write(argThat(b -> b.analytics().equals(List.of(good))), eq(BatchOffsets.of(records)), any());
        assertThat(published)
                .singleElement()
                .satisfies(letters -> assertThat(letters).singleElement().satisfies(letter -> {
                    assertThat(letter.source()).isSameAs(poisonRecord);
                    assertThat(letter.reason()).isEqualTo("violates check");
                }));
    }

    @Test
    void eventsTheRosterRefusesArePublishedFromInsideTheWriteAndCountedAsDeadLetters() {
        var event = analytics(id());
        var attack = analytics(id());
        var attackRecord = consumed(attack);
        var records = List.of(consumed(event), attackRecord);
        List<Integer> publishedDuringTheWrite = new ArrayList<>();
        when(sink.write(any(), any(), any())).thenAnswer(call -> {
            Consumer<List<DeadLetter>> refused = call.getArgument(2);
            refused.accept(List.of(new DeadLetter(attackRecord, "RosteredElsewhere", "studentId: elsewhere")));
            publishedDuringTheWrite.add(published.size());
            return new WriteResult(1, 0, null, 0, 1);
        });

        BatchOutcome outcome = processor.process(records, BatchOffsets.of(records));

        assertThat(publishedDuringTheWrite)
                .as("published before the write (and its commit) returned")
                .containsExactly(1);
        assertThat(published)
                .singleElement()
                .satisfies(letters ->
                        assertThat(letters).extracting(DeadLetter::source).containsExactly(attackRecord));
        assertThat(outcome.deadLettered()).isEqualTo(1);
    }

    @Test
    void aTombstoneTheSinkRefusesForItsKeyIsFoundOneByOneAndDeadLetteredWhileTheOthersAreWritten() {
        var good = analytics(id());
        String classroom = id();
        var tombstone = new ConsumerRecord<String, byte[]>(Topic.ROSTER.topicName(), 0, offset++, classroom, null);
        var refusal = new DataIntegrityViolationException(
                "a roster tombstone deletes a student, but its key names a classroom");
        when(sink.write(any(), any(), any())).thenAnswer(call -> {
            SinkBatch batch = call.getArgument(0);
            if (batch.rosterTombstones().contains(classroom)) {
                throw refusal;
            }
            return new WriteResult(batch.size(), 0, null, 0, 0);
        });
        doAnswer(call -> {
                    SinkBatch batch = call.getArgument(0);
                    if (batch.rosterTombstones().contains(classroom)) {
                        throw refusal;
                    }
                    return null;
                })
                .when(sink)
                .probe(any());
        var records = List.of(consumed(good), tombstone);

        processor.process(records, BatchOffsets.of(records));

        verify(sink)
                .write(
                        argThat(b -> b.analytics().equals(List.of(good))
                                && b.rosterTombstones().isEmpty()),
                        eq(BatchOffsets.of(records)),
                        any());
        assertThat(published)
                .singleElement()
                .satisfies(letters -> assertThat(letters).singleElement().satisfies(letter -> {
                    assertThat(letter.source()).isSameAs(tombstone);
                    assertThat(letter.reason()).contains("names a classroom");
                }));
    }

    @Test
    void transientFailureFailsTheWholeBatchAndDeadLettersNothing() {
        when(sink.write(any(), any(), any()))
                .thenThrow(new UncategorizedSQLException("write", "INSERT", new SQLException("gone", "08006")));
        var records = List.of(consumed(analytics(id())));

        assertThatThrownBy(() -> processor.process(records, BatchOffsets.of(records)))
                .isInstanceOfSatisfying(
                        BatchWriteException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT));
        verify(deadLetters, never()).publish(any());
    }

    @Test
    void fatalFailureIsNotMistakenForABadRecord() {
        when(sink.write(any(), any(), any()))
                .thenThrow(new UncategorizedSQLException("write", "INSERT", new SQLException("denied", "42501")));
        var records = List.of(consumed(analytics(id())));

        assertThatThrownBy(() -> processor.process(records, BatchOffsets.of(records)))
                .isInstanceOfSatisfying(
                        BatchWriteException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.FATAL));
        verify(deadLetters, never()).publish(any());
    }

    @Test
    void staleBatchIsNotRetriedButPropagatedForTheSeek() {
        var records = List.of(consumed(analytics(id())));
        when(sink.write(any(), any(), any())).thenThrow(new StaleBatchException(BatchOffsets.of(records)));

        assertThatThrownBy(() -> processor.process(records, BatchOffsets.of(records)))
                .isInstanceOf(StaleBatchException.class);
    }

    @Test
    void replayWritesWithoutOffsetsAndDeadLettersInItsOwnGroup() {
        var event = analytics(id());
        var garbage = new ConsumerRecord<>(
                Topic.ANALYTICS.topicName(), 0, offset++, "k", "?".getBytes(StandardCharsets.UTF_8));
        when(sink.writeWithoutOffsets(any(), any())).thenReturn(new WriteResult(0, 1, null, 0, 0));

        BatchOutcome outcome = processor.replay(List.of(consumed(event), garbage), "heroes-replay");

        verify(sink).writeWithoutOffsets(argThat(b -> b.analytics().equals(List.of(event))), any());
        verify(sink, never()).write(any(), any(), any());
        verify(deadLetters).publish(argThat(letters -> letters.size() == 1), eq("heroes-replay"));
        assertThat(outcome).isEqualTo(new BatchOutcome(2, 1, new WriteResult(0, 1, null, 0, 0)));
    }

    @Test
    void dryRunWritesInARolledBackTransactionAndPublishesNothing() {
        var event = analytics(id());
        var garbage = new ConsumerRecord<>(
                Topic.ANALYTICS.topicName(), 0, offset++, "k", "?".getBytes(StandardCharsets.UTF_8));
        when(sink.dryRun(any())).thenReturn(new WriteResult(1, 0, null, 0, 0));

        BatchOutcome outcome = processor.dryRun(List.of(consumed(event), garbage));

        verify(sink).dryRun(argThat(b -> b.analytics().equals(List.of(event))));
        verify(sink, never()).write(any(), any(), any());
        verify(sink, never()).writeWithoutOffsets(any(), any());
        assertThat(published).isEmpty();
        assertThat(outcome.deadLettered()).isEqualTo(1);
        assertThat(outcome.written().eventsInserted()).isEqualTo(1);
    }

    @Test
    void batchOffsetsSpanEachPartitionFromItsFirstRecordToOnePastItsLast() {
        var a = new ConsumerRecord<>("t", 1, 7L, "k", new byte[0]);
        var b = new ConsumerRecord<>("t", 0, 3L, "k", new byte[0]);
        var c = new ConsumerRecord<>("t", 1, 9L, "k", new byte[0]);

        assertThat(BatchOffsets.of(List.of(a, b, c)).partitions())
                .containsExactly(
                        new BatchOffsets.Range(new TopicPartition("t", 0), 3, 4),
                        new BatchOffsets.Range(new TopicPartition("t", 1), 7, 10));
    }

    private ConsumerRecord<String, byte[]> consumed(SpecificRecord record) {
        return new ConsumerRecord<>(
                EventKind.of(record).topic().topicName(),
                0,
                offset++,
                EventKind.of(record).key(record),
                CODEC.encode(record));
    }
}
