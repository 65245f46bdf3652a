package org.heroes.analytics.cli.backfill;

/**
 * Kafka did not acknowledge the record of a line (within the delivery timeout, or refused it). The
 * backfill stops without moving its checkpoint past that line, so {@code --resume} sends it again.
 */
final class DeliveryFailedException extends RuntimeException {

    DeliveryFailedException(long line, Throwable cause) {
        super(
                "Kafka did not acknowledge the event of line " + line + " (" + cause + "); fix the cause and run"
                        + " again with --resume",
                cause);
    }
}
