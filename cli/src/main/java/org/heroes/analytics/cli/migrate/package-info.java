/**
 * Schema migrations run by an operator (scripts/migrate.sh): the Flyway migrations of {@code schemas}, as
 * {@code heroes_owner}, straight to PostgreSQL. Flyway holds a PostgreSQL advisory lock while it migrates, so
 * a second migrator waits and then finds nothing to do.
 */
package org.heroes.analytics.cli.migrate;
