package org.heroes.analytics.aggregator.bench;

/** The bench drivers' {@code main}: the test infrastructure's threads would keep the JVM alive after a measurement. */
final class BenchDriver {

    /** A measurement that prints and writes its report. */
    interface Measurement {
        void run() throws Exception;
    }

    private BenchDriver() {}

    /** Exits 0 after {@code measurement}'s report, 1 on any failure (its stack trace printed). */
    static void exitAfter(Measurement measurement) {
        try {
            measurement.run();
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
