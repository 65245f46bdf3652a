/**
 * The contracts every module shares: the Avro records of contract §2 (generated into
 * {@code org.heroes.analytics.schemas.avro} from the newest schema of each record), every published
 * version of those schemas under {@code avro/history/}, the codec that reads and writes Avro's
 * single-object encoding, the topics and record keys, and — as resources — the Flyway migrations
 * under {@code db/migration}, the cluster bootstrap and the PgBouncer configuration.
 *
 * <p>This module depends on no service; the architecture test in {@code system-tests} keeps it so.
 */
package org.heroes.analytics.schemas;
