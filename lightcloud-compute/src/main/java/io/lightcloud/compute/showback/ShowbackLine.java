package io.lightcloud.compute.showback;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a showback report: what names it (by the grouping's key columns), the usage and the cost. Figures
 * are rounded to 6 decimals once, here, so that lines add up exactly to the totals in JSON and CSV alike.
 */
public final class ShowbackLine {
    /** The usage and cost columns, in report order. */
    public static final List<String> FIGURES = List.of("instance_hours", "vcpu_hours", "ram_mb_hours",
            "disk_gb_hours", "volume_gb_hours", "floating_ip_hours", "image_gb_hours", "compute_cost", "volume_cost",
            "floating_ip_cost", "image_cost", "total_cost");

    private final Map<String, String> key;
    private final double[] figures = new double[FIGURES.size()];

    ShowbackLine(Map<String, String> key) {
        this.key = key;
    }

    void add(String figure, double amount) {
        figures[FIGURES.indexOf(figure)] += amount;
    }

    public Map<String, String> key() {
        return key;
    }

    /** The figures rounded, the total cost being the sum of the rounded costs. */
    public Map<String, BigDecimal> figures() {
        Map<String, BigDecimal> rounded = new LinkedHashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < FIGURES.size(); i++) {
            String name = FIGURES.get(i);
            if (name.equals("total_cost")) {
                rounded.put(name, total);
            } else {
                BigDecimal value = round(figures[i]);
                rounded.put(name, value);
                if (name.endsWith("_cost")) {
                    total = total.add(value);
                }
            }
        }
        return rounded;
    }

    static BigDecimal round(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP);
    }
}
