/**
 * Real infrastructure for integration tests, started once per test JVM: a throwaway PostgreSQL 15
 * cluster with the roles and database of contract §5, PgBouncer in transaction mode in front of it, and a
 * KRaft Kafka broker with every topic and dead-letter topic. Entry point: {@link
 * org.heroes.analytics.testsupport.HeroesInfrastructure#get()}.
 */
package org.heroes.analytics.testsupport;
