/**
 * What every endpoint of the query API shares: the {@code from}/{@code to} range and its validation (with {@code
 * heroes.query.api.max-range}), the time-series {@code bucket}, the OpenAPI description, the
 * exceptions features throw, and the one {@code @RestControllerAdvice} that turns them into problem+json answers
 * (400 naming the parameter, 404 for a classroom that is not the caller's or does not exist, 503 when the database
 * is out of reach). Depends on no feature package.
 */
package org.heroes.analytics.query.web;
