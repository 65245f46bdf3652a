/** {@code heroes rebuild-rollups}: the aggregator's rollup rebuild (ADR 0008), run in-process (ADR 0010). */
package org.heroes.analytics.cli.rollups;
