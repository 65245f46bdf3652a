package org.heroes.analytics.cli.term;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.auth.TokenKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sends a simulated school term through the ingest API, waits until the query API answers exactly what
 * was sent, and prints throughput and the classrooms' aggregates. Exit code 1 if anything differs.
 */
@Command(
        name = "simulate-term",
        mixinStandardHelpOptions = true,
        description = "Sends a simulated school term through the ingest API and checks it back from the query API.")
public final class SimulateTermCommand implements Callable<Integer> {

    private static final int BATCH = 100;
    /** Client apps' and the demo facilitator's tokens: the facilitator's longest. */
    private static final Duration TOKEN_TTL = TokenKind.FACILITATOR.maxLifetime();

    @Option(names = "--ingest-url", defaultValue = "${env:HEROES_INGEST_URL:-http://127.0.0.1:8081}")
    URI ingestUrl;

    @Option(names = "--query-url", defaultValue = "${env:HEROES_QUERY_URL:-http://127.0.0.1:8082}")
    URI queryUrl;

    @Option(names = "--facilitators", defaultValue = "6", description = "Facilitators (default ${DEFAULT-VALUE}).")
    int facilitators;

    @Option(
            names = "--classrooms",
            defaultValue = "5",
            description = "Classrooms per facilitator (default ${DEFAULT-VALUE}).")
    int classroomsEach;

    @Option(
            names = "--students",
            defaultValue = "25",
            description = "Students per classroom (default ${DEFAULT-VALUE}).")
    int studentsEach;

    @Option(
            names = "--days",
            defaultValue = "6",
            description = "The term's length, ending now (default ${DEFAULT-VALUE}); the offline classroom's lessons"
                    + " span the last 10 days whatever it is.")
    int days;

    @Option(
            names = "--connections",
            defaultValue = "8",
            description = "Parallel HTTP connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = "--seed",
            defaultValue = "20261126",
            description = "Seed of the facilitators' ids (default ${DEFAULT-VALUE}: the dashboard's demo facilitator).")
    long seed;

    @Option(
            names = "--run-seed",
            description = "Seed of everything else (default: a new one each run, printed, so a run never repeats"
                    + " an earlier run's events).")
    Long runSeed;

    @Option(
            names = "--wait",
            defaultValue = "PT5M",
            description = "How long to wait for every event to land (default ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = "--dashboard-url", description = "Printed with a demo facilitator's token at the end.")
    URI dashboardUrl;

    @Option(
            names = "--demo-token-file",
            defaultValue = "${env:HEROES_DEMO_TOKEN_FILE}",
            description = "Where to write the demo facilitator's token for the dashboard's demo sign-in (default:"
                    + " HEROES_DEMO_TOKEN_FILE, which scripts/stack.sh env sets; none: not written).")
    Path demoTokenFile;

    private final Supplier<TokenIssuer> issuer;
    private final PrintStream out;

    /** The command as the jar runs it: tokens signed with the key of {@code HEROES_JWT_PRIVATE_KEY_FILE}. */
    public SimulateTermCommand() {
        this(TokenIssuer::fromEnvironment, System.out);
    }

    /** The command with tokens from the given issuer, printing to {@code out} (tests: the test infrastructure's). */
    public SimulateTermCommand(Supplier<TokenIssuer> issuer, PrintStream out) {
        this.issuer = issuer;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Instant end = Instant.now().minusSeconds(60);
        Instant start = end.minus(Duration.ofDays(days));
        long run = runSeed != null
                ? runSeed
                : java.util.concurrent.ThreadLocalRandom.current().nextLong();
        SchoolTerm term = SchoolTerm.generate(seed, run, facilitators, classroomsEach, studentsEach, start, end);
        out.printf("Run seed %d (--run-seed %d repeats this term's ids)%n", run, run);
        TokenIssuer tokens = issuer.get();
        HttpJson http = new HttpJson();
        EventSender sender = new EventSender(ingestUrl);

        out.printf(
                "Term: %d facilitators, %d classrooms, %d students, %,d events from %s to %s%n",
                facilitators,
                term.classrooms().size(),
                term.classrooms().size() * studentsEach,
                term.eventCount(),
                term.from(),
                end);
        sendRoster(term, tokens, sender);
        long rosterAccepted = sender.accepted();
        double sendSeconds = sendEvents(term, tokens, sender);
        long eventsAccepted = sender.accepted() - rosterAccepted;
        TermReport report =
                new TermReport(out, term, tokens, new QueryChecker(http, queryUrl, term.from(), end.plusSeconds(1)));
        double landSeconds = report.awaitLanded(wait);
        out.printf(
                "%nIngest: %,d events in %.1f s = %,.0f events/s (HTTP to Kafka ack, %d connections, %d retries)%n",
                eventsAccepted, sendSeconds, eventsAccepted / sendSeconds, connections, sender.retries());
        out.printf(
                "End to end: every event queryable %.1f s after the first was sent = %,.0f events/s%n",
                sendSeconds + landSeconds, term.eventCount() / (sendSeconds + landSeconds));
        boolean exact = report.printTable(sender.warnings(), sender.warned());
        UUID facilitator = term.classrooms().get(0).facilitatorId();
        String demoToken = tokens.facilitatorToken(facilitator, TOKEN_TTL);
        if (demoTokenFile != null) {
            writeOwnerOnly(demoTokenFile, demoToken);
        }
        if (dashboardUrl != null) {
            out.printf(
                    "%nDashboard: %s%nDemo facilitator %s, token (12 h%s):%n%s%n",
                    dashboardUrl,
                    facilitator,
                    demoTokenFile == null ? "" : "; \"Sign in as the demo facilitator\" uses it from this machine",
                    demoToken);
        }
        return exact ? 0 : 1;
    }

    /** The token, readable by this user alone: it reads every classroom of the demo facilitator. */
    private static void writeOwnerOnly(Path file, String token) throws IOException {
        Path temporary = Files.createTempFile(
                file.toAbsolutePath().getParent(),
                ".demo-token",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, token + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void sendRoster(SchoolTerm term, TokenIssuer tokens, EventSender sender) throws Exception {
        String service = tokens.serviceToken(TokenKind.SERVICE.maxLifetime());
        List<Map<String, Object>> roster = term.roster();
        for (int i = 0; i < roster.size(); i += 500) {
            sender.sendRoster(service, roster.subList(i, Math.min(roster.size(), i + 500)));
        }
        out.printf("Roster: %,d records accepted%n", roster.size());
    }

    /**
     * Sends the online tablets' events, then the offline classroom's: it syncs at the end, everything it recorded
     * over its days offline at once.
     */
    private double sendEvents(SchoolTerm term, TokenIssuer tokens, EventSender sender) throws Exception {
        ProgressLine progress = new ProgressLine(out, "events", term.eventCount());
        long acceptedBefore = sender.accepted();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            Map<UUID, String> classroomTokens = new HashMap<>();
            term.classrooms().forEach(c -> classroomTokens.put(c.id(), tokens.clientToken(c.id(), TOKEN_TTL)));
            for (boolean offline : new boolean[] {false, true}) {
                List<SchoolTerm.Tablet> tablets = term.tablets().stream()
                        .filter(t -> t.offline() == offline)
                        .toList();
                List<Future<?>> sends = submit(tablets, classroomTokens, sender, pool);
                for (Future<?> send : sends) {
                    while (!send.isDone()) {
                        progress.show(sender.accepted() - acceptedBefore);
                        Thread.sleep(200);
                    }
                    send.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        progress.finish(sender.accepted() - acceptedBefore);
        return progress.elapsedSeconds();
    }

    /**
     * Round-robin over the tablets, as many tablets send at once: one classroom's batches in a row would spend its
     * token's rate limit while the others idle.
     */
    private static List<Future<?>> submit(
            List<SchoolTerm.Tablet> tablets, Map<UUID, String> tokens, EventSender sender, ExecutorService pool) {
        List<Future<?>> sends = new ArrayList<>();
        int longest = tablets.stream().mapToInt(t -> t.events().size()).max().orElse(0);
        for (int i = 0; i < longest; i += BATCH) {
            for (SchoolTerm.Tablet tablet : tablets) {
                List<Map<String, Object>> events = tablet.events();
                if (i < events.size()) {
                    List<Map<String, Object>> batch = events.subList(i, Math.min(events.size(), i + BATCH));
                    String token = tokens.get(tablet.classroomId());
                    sends.add(pool.submit(() -> {
                        sender.sendEvents(token, batch, tablet.clockAhead());
                        return null;
                    }));
                }
            }
        }
        return sends;
    }
}
