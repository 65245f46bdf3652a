/**
 * The statement log: every {@code DataSource} bean is wrapped (datasource-proxy, docs/adr/0014) so that a failed
 * statement is logged with its SQL, its bind parameters and its duration, a statement slower than
 * {@code heroes.db.statement-log.slow-threshold} is logged as slow, and, when the {@code ...sql.statements} logger
 * is at DEBUG (the {@code local} profile), every statement is. Parameters pass through {@link
 * org.heroes.analytics.observability.sql.Redaction} first: no e-mail address ever reaches a log line.
 */
package org.heroes.analytics.observability.sql;
