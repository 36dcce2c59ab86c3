package io.lightcloud.loadtest.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a whole into parts proportional to weights with the largest-remainder method, so the parts add up to the
 * whole exactly: the users of a run over executors by their free capacity, CSV rows over shares by their users.
 */
final class ShareSplit {
    private ShareSplit() {
    }

    static List<Integer> split(int total, List<Double> weights) {
        double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
        List<Integer> parts = new ArrayList<>();
        List<Double> remainders = new ArrayList<>();
        int assigned = 0;
        for (double w : weights) {
            double exact = sum == 0 ? 0 : total * w / sum;
            int part = (int) Math.floor(exact);
            parts.add(part);
            remainders.add(exact - part);
            assigned += part;
        }
        while (assigned < total) {
            int best = 0;
            for (int i = 1; i < remainders.size(); i++) {
                if (remainders.get(i) > remainders.get(best)) {
                    best = i;
                }
            }
            parts.set(best, parts.get(best) + 1);
            remainders.set(best, -1.0);
            assigned++;
        }
        return parts;
    }
}
