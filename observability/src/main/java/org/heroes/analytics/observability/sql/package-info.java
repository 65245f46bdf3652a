/**
 * The statement log: every {@code DataSource} bean is wrapped (datasource-proxy, docs/adr/0014) so that a failed
 * statement is logged with its SQL, its bind parameters and its duration, a statement slower than
 * {@code heroes.db.statement-log.slow-threshold} is logged as slow, and, when the {@code ...sql.statements} logger
 * is at DEBUG (the {@code local} profile), every statement is. {@link
 * org.heroes.analytics.observability.sql.Redaction} decides what of them a line shows: a parameter's value only if
 * its type cannot carry words (numbers, booleans, date-times, UUIDs), otherwise its shape ({@code text[200]},
 * {@code uuid[]×5000}), so no child's comment ever reaches a log; and no e-mail address in the SQL or the error.
 */
package org.heroes.analytics.observability.sql;
