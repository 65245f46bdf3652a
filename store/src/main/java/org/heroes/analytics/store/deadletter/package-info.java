/**
 * Dead letters: a record that can never be written (undecodable, invalid, or refused by the
 * database for its own data) is copied to its topic's {@code -dlt} topic with headers naming the
 * source topic, partition, offset, error class and reason, so that a tool can send it back once the
 * cause is fixed. The headers are Spring Kafka's {@code kafka_dlt-*} names with Spring's encodings.
 * Publishing is synchronous (acks=all) and happens before the batch's offsets are committed.
 */
package org.heroes.analytics.store.deadletter;
