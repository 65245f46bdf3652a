package org.heroes.analytics.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Reads and writes records in Avro's single-object encoding: {@code C3 01}, the writer schema's
 * 8-byte little-endian fingerprint, then the binary body.
 *
 * <p>Decoding resolves the writer schema by fingerprint from every published version in
 * {@link SchemaHistory} and reads it into the newest (generated) class of the same record, so a
 * consumer reads whatever version a producer wrote. Thread-safe.
 */
public final class EventCodec {

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;

    private final SchemaHistory history;
    private final Map<String, Schema> currentByName;
    private final Map<Schema, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
    private final Map<Long, SpecificDatumReader<SpecificRecord>> readers = new ConcurrentHashMap<>();

    public EventCodec(SchemaHistory history) {
        this.history = history;
        this.currentByName = new ConcurrentHashMap<>();
        SchemaHistory.CURRENT.forEach(s -> currentByName.put(s.getName(), s));
    }

    /** A codec over the schema history on the classpath. */
    public static EventCodec create() {
        return new EventCodec(SchemaHistory.load());
    }

    /**
     * The Kafka message of a record: to its kind's topic, with its kind's key ({@link EventKind#topic()},
     * {@link EventKind#key}), the value {@link #encode encoded}. How ingest-service, the backfill and the tests put
     * records on the topics.
     */
    public ProducerRecord<String, byte[]> message(SpecificRecord record) {
        EventKind kind = EventKind.of(record);
        return new ProducerRecord<>(kind.topic().topicName(), kind.key(record), encode(record));
    }

    /** The record in single-object encoding, written with its class's (newest) schema. */
    public byte[] encode(SpecificRecord record) {
        Schema schema = record.getSchema();
        BinaryMessageEncoder<SpecificRecord> encoder =
                encoders.computeIfAbsent(schema, s -> new BinaryMessageEncoder<>(SpecificData.getForSchema(s), s));
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + schema.getFullName(), e);
        }
    }

    /**
     * The record these bytes hold, read into the newest class of its record.
     *
     * @throws UndecodableRecordException if the bytes are not single-object encoded, name an unknown
     *     schema, or do not hold exactly one record of it
     */
    public SpecificRecord decode(byte[] payload) {
        if (payload == null || payload.length < HEADER_LENGTH) {
            throw new UndecodableRecordException("payload too short for Avro single-object encoding");
        }
        if (payload[0] != MARKER_0 || payload[1] != MARKER_1) {
            throw new UndecodableRecordException("payload does not start with the Avro single-object marker C3 01");
        }
        long fingerprint =
                ByteBuffer.wrap(payload, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SpecificDatumReader<SpecificRecord> reader = readers.computeIfAbsent(fingerprint, this::readerFor);
        try {
            BinaryDecoder decoder =
                    DecoderFactory.get().binaryDecoder(payload, HEADER_LENGTH, payload.length - HEADER_LENGTH, null);
            SpecificRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new UndecodableRecordException("payload has bytes after the record");
            }
            return record;
        } catch (IOException | AvroRuntimeException | ClassCastException e) {
            throw new UndecodableRecordException(
                    "cannot read body of " + reader.getExpected().getFullName(), e);
        }
    }

    private SpecificDatumReader<SpecificRecord> readerFor(long fingerprint) {
        SchemaHistory.Version writer = history.byFingerprint(fingerprint)
                .orElseThrow(() ->
                        new UndecodableRecordException("unknown schema fingerprint %016x".formatted(fingerprint)));
        Schema reader = currentByName.get(writer.recordName());
        return new SpecificDatumReader<>(writer.schema(), reader, SpecificData.getForSchema(reader));
    }
}
