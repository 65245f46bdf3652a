/**
 * The schema the aggregator was built for, checked at start-up. The aggregator runs no migration and holds no
 * owner credential (scripts/migrate.sh migrates, as {@code heroes_owner}, before it starts): {@link
 * SchemaVersionCheck} reads Flyway's history as {@code heroes_writer} and refuses to start when the database is
 * behind the newest migration of the {@code schemas} jar on the class path, ahead of it, or holds a failed
 * migration, naming the versions and what to do ({@link SchemaMismatchFailureAnalyzer}).
 */
package org.heroes.analytics.aggregator.schema;
