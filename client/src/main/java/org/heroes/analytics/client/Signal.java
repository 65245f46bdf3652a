package org.heroes.analytics.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * "Something changed" between the outbox's threads: a version that each change raises. A waiter reads the
 * version, checks its own condition, and waits only while the version is still the one it read, so no change
 * between its check and its wait is missed. No queue method is called with this lock held.
 */
final class Signal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    void raise() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the version is no longer {@code seen}. */
    void awaitChange(long seen) throws InterruptedException {
        lock.lock();
        try {
            while (version == seen) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the version is no longer {@code seen} or {@code System.nanoTime()} reaches {@code deadline}.
     *
     * @return whether it changed
     */
    boolean awaitChange(long seen, long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (version == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
