package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.heroes.analytics.cli.term.SimulateTermCommand;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The demo's simulated term ({@code simulate-term}, what scripts/demo.sh runs) through the three running services:
 * its classroom offline for ten days, its tablet on a newer app, its tablet with a clock three hours fast and its
 * classrooms in UTC, America/New_York and Asia/Kolkata all land exactly, as its own check of the query API (counts,
 * averages, hourly time series, and local-day ones in each classroom's zone) says.
 */
class SimulatedTermIT {

    private static HeroesInfrastructure infrastructure;
    private static RunningServices services;

    @BeforeAll
    static void startServices() {
        infrastructure = HeroesInfrastructure.get();
        services = RunningServices.start(infrastructure);
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theOfflineClassroomTheNewerAppTheFastClockAndThreeZonesLandExactlyAsSent() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(new SimulateTermCommand(infrastructure::tokens, out))
                .execute(
                        "--ingest-url", services.ingest().toString(),
                        "--query-url", services.query().toString(),
                        "--facilitators", "1",
                        "--classrooms", "3",
                        "--students", "6",
                        "--connections", "4",
                        "--wait", "PT3M");

        String output = printed.toString(StandardCharsets.UTF_8);
        List<String> lines = output.lines().toList();
        assertThat(exit).as(output).isZero();
        assertThat(lines)
                .as(output)
                .anyMatch(l -> l.startsWith("Offline 10 days (Class 1B): ")
                        && l.endsWith("synced late, after everything else, all counted"))
                .anyMatch(l -> l.startsWith("Newer app (Class 1A, a tablet adding \"deviceOrientation\"): ")
                        && l.contains("warnings naming [deviceOrientation], the field dropped")
                        && !l.contains("DIFFERS"))
                .anyMatch(l -> l.startsWith("Fast clock (Class 1C, a tablet 3 h ahead, occurredAt and sentAt): "))
                .anyMatch(l -> l.startsWith("Time zones: Class 1A UTC (Z), Class 1B America/New_York (-05:00),"
                        + " Class 1C Asia/Kolkata (+05:30)"))
                .filteredOn(l -> l.startsWith("Class 1"))
                .hasSize(3)
                .allMatch(l -> l.endsWith("exact"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Every classroom's counts and averages equal what was sent.");
    }
}
