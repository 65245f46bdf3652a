package org.heroes.analytics.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Stops whatever part of the infrastructure was started, in reverse order, then deletes the work
 * directory. Runs from the shutdown hook (or after a failed start); idempotent.
 */
final class Stopper {

    private final Path workDir;
    private CompletableFuture<KafkaBroker> kafka;
    private final List<PostgresCluster> postgres = new ArrayList<>();
    private Path pgBouncerDir;
    private RoleDataSources dataSources;
    private ContainerInfrastructure containers;
    private final List<KafkaBrokerProcess> kafkaProcesses = new ArrayList<>();
    private boolean stopped;

    Stopper(Path workDir) {
        this.workDir = workDir;
    }

    synchronized void kafka(CompletableFuture<KafkaBroker> kafka) {
        this.kafka = kafka;
    }

    /** A PostgreSQL cluster to stop (every node of a Citus cluster is one). */
    synchronized void postgres(PostgresCluster postgres) {
        this.postgres.add(postgres);
    }

    synchronized void pgBouncer(Path pgBouncerDir) {
        this.pgBouncerDir = pgBouncerDir;
    }

    synchronized void dataSources(RoleDataSources dataSources) {
        this.dataSources = dataSources;
    }

    synchronized void containers(ContainerInfrastructure containers) {
        this.containers = containers;
    }

    synchronized void kafkaProcess(KafkaBrokerProcess broker) {
        kafkaProcesses.add(broker);
    }

    synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        List<RuntimeException> failures = new ArrayList<>();
        attempt(failures, () -> {
            if (dataSources != null) {
                dataSources.closeAll();
            }
        });
        attempt(failures, () -> {
            if (pgBouncerDir != null) {
                PgBouncerProcess.stopIn(pgBouncerDir);
            }
        });
        postgres.forEach(cluster -> attempt(failures, cluster::stop));
        kafkaProcesses.forEach(broker -> attempt(failures, broker::close));
        attempt(failures, () -> {
            if (containers != null) {
                containers.stop();
            }
        });
        attempt(failures, () -> {
            if (kafka != null) {
                kafka.join().stop();
            }
        });
        attempt(failures, () -> WorkDirectory.deleteRecursively(workDir));
        if (!failures.isEmpty()) {
            InfrastructureException failure = new InfrastructureException("stopping the test infrastructure failed");
            failures.forEach(failure::addSuppressed);
            // a shutdown hook has no caller to throw to: standard error is the only place it can go
            failure.printStackTrace();
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
