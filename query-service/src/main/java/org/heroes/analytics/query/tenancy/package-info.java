/**
 * The tenant boundary, and the only package that touches the database ({@code DataSource}, {@code JdbcClient},
 * transactions).
 *
 * <p>{@link org.heroes.analytics.query.tenancy.FacilitatorReads} runs every read: one round trip, one read-only
 * transaction block that first runs {@code act_for_facilitator(<token sub>)} (migration V14: {@code SET LOCAL} of the
 * facilitator and of their classrooms), so PostgreSQL's forced row-level security shows the statements of that
 * transaction the facilitator's rows only, on one node and on the workers of a Citus cluster alike (ADR 0028). The setting is transaction-local, as PgBouncer's transaction pooling requires: the
 * next client on the same server connection sees it empty, which the policies read as "no rows". Feature packages
 * hand over their statements as {@link org.heroes.analytics.query.tenancy.TenantQuery}s (ADR 0019).
 *
 * <p>{@code DatabaseRoleCheck} refuses to start the service as a role that row-level security would not hold
 * (superuser, BYPASSRLS, table owner, readable tables without forced RLS).
 */
package org.heroes.analytics.query.tenancy;
