/**
 * The {@code kafka} health indicator: the cluster answers a {@code describeCluster} within a short time-out. It is
 * in the readiness group of the services that need Kafka (ingest and the aggregator), so that an instance that
 * cannot reach the brokers is taken out of the load balancer instead of answering 503 to every request.
 */
package org.heroes.analytics.observability.kafka;
