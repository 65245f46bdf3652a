/**
 * The ingest HTTP API of contract §3: {@code POST /v1/events} and {@code POST /v1/roster}, their limits,
 * and the one place ({@link org.heroes.analytics.ingest.web.IngestExceptionHandler}) where failures
 * become RFC 9457 problem answers.
 */
package org.heroes.analytics.ingest.web;
