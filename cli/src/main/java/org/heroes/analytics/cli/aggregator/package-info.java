/** Runs the aggregator's Spring context inside the CLI, for the commands that use its own code (ADR 0010). */
package org.heroes.analytics.cli.aggregator;
