package org.heroes.analytics.client;

import java.util.Arrays;

/**
 * Where each queued record lies (sequence number, payload position in its segment, payload length), oldest
 * first: a ring of three primitive arrays, about 20 bytes a record, so that a queue of a few hundred thousand
 * events costs a tablet app a few megabytes of heap, not tens. Not thread-safe; the queue serialises access.
 */
final class Index {

    private long[] seqs = new long[64];
    private long[] positions = new long[64];
    private int[] lengths = new int[64];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addLast(long seq, long position, int length) {
        grow();
        int slot = (head + size) % seqs.length;
        set(slot, seq, position, length);
        size++;
    }

    void addFirst(long seq, long position, int length) {
        grow();
        head = (head - 1 + seqs.length) % seqs.length;
        set(head, seq, position, length);
        size++;
    }

    void removeFirst() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        head = (head + 1) % seqs.length;
        size--;
    }

    long seq(int i) {
        return seqs[slot(i)];
    }

    long position(int i) {
        return positions[slot(i)];
    }

    int length(int i) {
        return lengths[slot(i)];
    }

    private int slot(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return (head + i) % seqs.length;
    }

    private void set(int slot, long seq, long position, int length) {
        seqs[slot] = seq;
        positions[slot] = position;
        lengths[slot] = length;
    }

    private void grow() {
        if (size < seqs.length) {
            return;
        }
        int capacity = seqs.length * 2;
        long[] newSeqs = new long[capacity];
        long[] newPositions = new long[capacity];
        int[] newLengths = new int[capacity];
        for (int i = 0; i < size; i++) {
            int from = slot(i);
            newSeqs[i] = seqs[from];
            newPositions[i] = positions[from];
            newLengths[i] = lengths[from];
        }
        seqs = newSeqs;
        positions = newPositions;
        lengths = newLengths;
        head = 0;
    }

    @Override
    public String toString() {
        long[] live = new long[size];
        Arrays.setAll(live, this::seq);
        return Arrays.toString(live);
    }
}
