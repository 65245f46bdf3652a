package org.heroes.analytics.client;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A bounded FIFO queue of byte records on disk that survives a crash at any instant: records appended to
 * segment files and synced before {@link #append} returns; the records that have left kept in an atomically
 * replaced {@link Checkpoint}; segments whose records have all left deleted. At most one batch is
 * <em>in flight</em> (taken, not yet removed or put back); it is never evicted. When the queue holds more than
 * its limits allow, the oldest queued records are evicted, the listener told of them before they are
 * forgotten. One process at a time: an exclusive lock on {@code outbox.lock} in the directory. Thread-safe.
 */
final class DiskQueue implements Closeable {

    static final String LOCK = "outbox.lock";

    /** A record: its sequence number and its bytes. */
    record Stored(long seq, byte[] payload) {}

    /**
     * @param maxEvents the most records the queue holds
     * @param maxBytes the most bytes its records take on disk (headers included)
     * @param segmentBytes a segment file is closed for appends once it has grown this large
     */
    record Limits(int maxEvents, long maxBytes, long segmentBytes) {}

    /** What the queue reports. Called with the queue's lock held: return quickly, and do not wait on other threads. */
    interface Listener {
        /** The oldest records, evicted to keep the limits; called before they are forgotten. */
        void evicted(List<Stored> records);

        /** Part of a file could not be read at open, so the records in it are lost. */
        void unreadable(Path file, long bytes, String why);
    }

    private final Path directory;
    private final Limits limits;
    private final Listener listener;
    private final FileChannel lockChannel;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final Index queued = new Index();
    private final Index inFlight = new Index();
    private Checkpoint checkpoint;
    private Segment active;
    private long activeNext;
    private long nextSeq;
    private long bytes;
    private long tornBytes;
    private boolean closed;

    private DiskQueue(Path directory, Limits limits, Listener listener, FileChannel lockChannel) {
        this.directory = directory;
        this.limits = limits;
        this.listener = listener;
        this.lockChannel = lockChannel;
    }

    /**
     * Opens (or creates) the queue in {@code directory}: reads the checkpoint, scans every segment, cuts a torn
     * last record (one whose append never returned), reports damage elsewhere, and evicts if the limits have
     * shrunk since the last run.
     *
     * @throws IllegalStateException if another queue, in this process or another, has the directory open
     */
    static DiskQueue open(Path directory, Limits limits, Listener listener) throws IOException {
        Files.createDirectories(directory);
        FileChannel lockChannel =
                FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException held) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("another outbox has " + directory + " open");
        }
        DiskQueue queue = new DiskQueue(directory, limits, listener, lockChannel);
        try {
            queue.load();
        } catch (IOException | RuntimeException e) {
            queue.close();
            throw e;
        }
        return queue;
    }

    private void load() throws IOException {
        Files.deleteIfExists(directory.resolve(Checkpoint.FILE + ".tmp"));
        try {
            checkpoint = Checkpoint.read(directory);
        } catch (IOException unreadable) {
            // every stored record counts as queued: sent again, and counted once by the service (eventIds)
            listener.unreadable(directory.resolve(Checkpoint.FILE), 0, unreadable.getMessage());
            checkpoint = new Checkpoint();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Segment::isSegment).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Segment segment = Segment.open(files.get(i));
            boolean last = i == files.size() - 1;
            long[] next = {segment.firstSeq()};
            Segment.Scan scan = segment.scan((seq, position, length) -> {
                next[0] = seq + 1;
                if (!checkpoint.isRemoved(seq)) {
                    queued.addLast(seq, position, length);
                    bytes += Segment.RECORD_HEADER + length;
                }
            });
            nextSeq = Math.max(nextSeq, next[0]);
            if (scan.damage() != null && !last) {
                listener.unreadable(segment.path(), segment.size() - scan.end(), scan.damage());
            }
            if (last && scan.end() == 0) {
                segment.delete(); // created, header never completed: nothing was ever appended to it
                continue;
            }
            if (last && scan.damage() != null) {
                // a torn tail: the append that wrote it never returned, so no caller was told it was queued
                tornBytes += segment.size() - scan.end();
                segment.truncate(scan.end());
            }
            segments.put(segment.firstSeq(), segment);
            if (last) {
                active = segment;
                activeNext = next[0];
            }
        }
        nextSeq = Math.max(nextSeq, checkpoint.floor());
        evictOverLimits();
        compact();
    }

    /**
     * Appends the records durably (synced to the device before this returns), then evicts the oldest queued
     * records while the queue is over its limits.
     *
     * @return the sequence number of the first record
     */
    synchronized long append(List<byte[]> payloads) throws IOException {
        ensureOpen();
        if (payloads.isEmpty()) {
            return nextSeq;
        }
        if (active == null || active.size() >= limits.segmentBytes() || activeNext != nextSeq) {
            active = Segment.create(directory, nextSeq);
            segments.put(nextSeq, active);
            activeNext = nextSeq;
        }
        byte[] records = Segment.encode(nextSeq, payloads);
        long start = active.size();
        try {
            active.appendDurably(records);
        } catch (IOException e) {
            try {
                active.truncate(start); // no half-written record may outlive the failed call
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        long first = nextSeq;
        long position = start;
        for (byte[] payload : payloads) {
            queued.addLast(nextSeq++, position + Segment.RECORD_HEADER, payload.length);
            position += Segment.RECORD_HEADER + payload.length;
            bytes += Segment.RECORD_HEADER + payload.length;
        }
        activeNext = nextSeq;
        evictOverLimits();
        return first;
    }

    private void evictOverLimits() throws IOException {
        List<Stored> victims = new ArrayList<>();
        while (!queued.isEmpty()
                && (queued.size() + inFlight.size() > limits.maxEvents() || bytes > limits.maxBytes())) {
            victims.add(read(queued, 0));
            bytes -= Segment.RECORD_HEADER + queued.length(0);
            queued.removeFirst();
        }
        if (!victims.isEmpty()) {
            listener.evicted(victims);
            checkpoint.remove(
                    victims.get(0).seq(), victims.get(victims.size() - 1).seq());
            checkpoint.write(directory);
            compact();
        }
    }

    /**
     * Takes the oldest queued records as the batch in flight: at most {@code maxCount}, and as many as fit in
     * {@code maxBytes} counting one separator byte each (at least one, whatever its size).
     */
    synchronized List<Stored> take(int maxCount, long maxBytes) throws IOException {
        ensureOpen();
        if (!inFlight.isEmpty()) {
            throw new IllegalStateException("a batch is already in flight");
        }
        List<Stored> batch = new ArrayList<>();
        long size = 0;
        while (!queued.isEmpty() && batch.size() < maxCount) {
            int length = queued.length(0);
            if (!batch.isEmpty() && size + length + 1 > maxBytes) {
                break;
            }
            try {
                batch.add(read(queued, 0));
            } catch (IOException e) {
                putBack();
                throw e;
            }
            size += length + 1;
            inFlight.addLast(queued.seq(0), queued.position(0), length);
            queued.removeFirst();
        }
        return batch;
    }

    /** The batch in flight goes back to the head of the queue, in order (it was not answered for good). */
    synchronized void putBack() {
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            queued.addFirst(inFlight.seq(i), inFlight.position(i), inFlight.length(i));
        }
        while (!inFlight.isEmpty()) {
            inFlight.removeFirst();
        }
    }

    /** The batch in flight leaves the queue for good (answered); durable when this returns. */
    synchronized void removeInFlight() throws IOException {
        ensureOpen();
        if (inFlight.isEmpty()) {
            return;
        }
        long first = inFlight.seq(0);
        long last = inFlight.seq(inFlight.size() - 1);
        while (!inFlight.isEmpty()) {
            bytes -= Segment.RECORD_HEADER + inFlight.length(0);
            inFlight.removeFirst();
        }
        checkpoint.remove(first, last);
        checkpoint.write(directory);
        compact();
    }

    /** Deletes the segments (but the one appended to) whose every record has left; the checkpoint says so durably. */
    private void compact() throws IOException {
        List<Long> firsts = new ArrayList<>(segments.keySet());
        for (int i = 0; i + 1 < firsts.size(); i++) {
            Segment segment = segments.get(firsts.get(i));
            if (segment != active && checkpoint.isRemoved(firsts.get(i), firsts.get(i + 1) - 1)) {
                segment.delete();
                segments.remove(firsts.get(i));
            }
        }
    }

    /** Every record still queued, the batch in flight first; read from disk. */
    synchronized List<Stored> pending() throws IOException {
        ensureOpen();
        List<Stored> all = new ArrayList<>(size());
        for (int i = 0; i < inFlight.size(); i++) {
            all.add(read(inFlight, i));
        }
        for (int i = 0; i < queued.size(); i++) {
            all.add(read(queued, i));
        }
        return all;
    }

    private Stored read(Index index, int i) throws IOException {
        long seq = index.seq(i);
        Map.Entry<Long, Segment> segment = segments.floorEntry(seq);
        return new Stored(seq, segment.getValue().read(index.position(i), index.length(i)));
    }

    /** Records queued or in flight. */
    synchronized int size() {
        return queued.size() + inFlight.size();
    }

    /** Their bytes on disk, headers included. */
    synchronized long bytes() {
        return bytes;
    }

    /** Bytes of a torn last record cut at open (an append that never returned). */
    synchronized long tornBytes() {
        return tornBytes;
    }

    /** The segment files there are now (for tests of compaction). */
    synchronized List<Path> segmentFiles() {
        return segments.values().stream().map(Segment::path).toList();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the outbox is closed");
        }
    }

    /** Closes the files and releases the directory; everything queued stays for the next open. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        for (Segment segment : segments.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        lockChannel.close(); // releases the lock
        if (failure != null) {
            throw failure;
        }
    }
}
