/**
 * The demo's simulated school term: a roster of facilitators, classrooms and anonymous students, a
 * term of progress, feedback and analytics events sent through the ingest API, and the wait until the
 * query API answers exactly what was sent.
 */
package org.heroes.analytics.cli.term;
