/**
 * The operator command line, {@code heroes}: what the scripts of contract §6 wrap. Each subcommand
 * lives in the package of its feature; this package holds only the entry point and the token command.
 */
package org.heroes.analytics.cli;
