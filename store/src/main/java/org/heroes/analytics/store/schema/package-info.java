/**
 * The schema a writer was built for, checked when its context starts (the aggregator's, the CLI's). Neither runs a
 * migration nor holds an owner credential (scripts/migrate.sh migrates, as {@code heroes_owner}, first): {@link
 * SchemaVersionCheck} reads Flyway's history as {@code heroes_writer} and refuses to start when the database is
 * behind the newest migration of the {@code schemas} jar on the class path, ahead of it, or holds a failed
 * migration, naming the versions in its {@link SchemaMismatchException}.
 */
package org.heroes.analytics.store.schema;
