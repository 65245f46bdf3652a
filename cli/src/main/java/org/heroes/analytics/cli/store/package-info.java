/**
 * The store library's writer and operations in a small Spring context of the CLI's own, for replay, rollup rebuild
 * and forget-student (ADR 0010, 0034): no web server, no listener, no schedule.
 */
package org.heroes.analytics.cli.store;
