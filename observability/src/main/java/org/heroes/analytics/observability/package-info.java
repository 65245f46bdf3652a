/**
 * What the three services share to be watched, so each is watched the same way: the statement log of
 * {@link org.heroes.analytics.observability.sql} (failed and slow statements with redacted parameters) and the
 * Kafka readiness check of {@link org.heroes.analytics.observability.kafka}. Both are auto-configured: a service
 * gets them by depending on this module, and each applies only where the service has a database or Kafka.
 */
package org.heroes.analytics.observability;
