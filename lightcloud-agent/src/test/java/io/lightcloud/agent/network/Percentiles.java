package io.lightcloud.agent.network;

import java.util.Collection;
import java.util.List;

/** Nearest-rank percentiles for the network benchmarks. */
final class Percentiles {
    private Percentiles() {}

    static double of(Collection<? extends Number> values, double percent) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double median(Collection<? extends Number> values) {
        return of(values, 50);
    }
}
