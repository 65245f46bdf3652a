/**
 * {@code heroes replay}: re-reads a range of the event topics into the database, alongside live
 * traffic. The CLI does not re-implement the writer: it runs the {@code store} library's replay in its own store
 * context (no web server, no migrations, no listener), so the replay writes through exactly the code of the live
 * path (ADR 0010, 0034).
 */
package org.heroes.analytics.cli.replay;
