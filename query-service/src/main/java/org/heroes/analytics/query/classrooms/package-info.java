/**
 * Classrooms, the first feature of the query API (DESIGN §4): {@code GET /v1/classrooms} and {@code GET
 * /v1/classrooms/{id}/analytics}, served from the raw tables for now. Every statement runs through {@link
 * org.heroes.analytics.query.tenancy.FacilitatorReads}, so row-level security, not a {@code WHERE facilitator_id}
 * the code could forget, decides which classrooms the caller sees.
 */
package org.heroes.analytics.query.classrooms;
