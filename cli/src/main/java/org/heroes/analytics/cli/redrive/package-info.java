/**
 * {@code heroes redrive} (scripts/redrive.sh): the flags, the Kafka clients and the exit code around the
 * {@code store} library's dead-letter redrive (package {@code store.redrive}, which says what a redrive does).
 */
package org.heroes.analytics.cli.redrive;
