package org.heroes.analytics.cli.bench;

import java.util.List;

/** Nearest-rank percentiles of a sample (no interpolation: each figure is one that was measured). */
final class Percentiles {

    private final double[] sorted;

    Percentiles(List<Double> sample) {
        this.sorted = sample.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    int size() {
        return sorted.length;
    }

    /** The value at percentile {@code p} (0 < p <= 100); NaN for an empty sample. */
    double at(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
