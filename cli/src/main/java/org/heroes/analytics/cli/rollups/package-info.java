/** {@code heroes rebuild-rollups}: the {@code store} library's rollup rebuild (ADR 0008), run in the CLI's store context. */
package org.heroes.analytics.cli.rollups;
