package io.lightcloud.monitoring.charts;

import io.lightcloud.common.api.ApiException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The chart periods offered, each with a step that keeps a chart at a few hundred points. */
public enum ChartRange {
    HOUR("1h", Duration.ofHours(1), Duration.ofSeconds(15)),
    SIX_HOURS("6h", Duration.ofHours(6), Duration.ofMinutes(1)),
    DAY("24h", Duration.ofDays(1), Duration.ofMinutes(5)),
    WEEK("7d", Duration.ofDays(7), Duration.ofMinutes(30));

    private final String wire;
    private final Duration length;
    private final Duration step;

    ChartRange(String wire, Duration length, Duration step) {
        this.wire = wire;
        this.length = length;
        this.step = step;
    }

    public String wire() {
        return wire;
    }

    public Duration length() {
        return length;
    }

    /** The step, never finer than the scrape interval. */
    public Duration step(Duration scrapeInterval) {
        return step.compareTo(scrapeInterval) < 0 ? scrapeInterval : step;
    }

    /** The window of rate(): the step, but at least four scrapes so a missed scrape leaves no gap. */
    public Duration rateWindow(Duration scrapeInterval) {
        Duration fourScrapes = scrapeInterval.multipliedBy(4);
        Duration step = step(scrapeInterval);
        return step.compareTo(fourScrapes) < 0 ? fourScrapes : step;
    }

    public static ChartRange parse(String value) {
        String wanted = value == null ? "1h" : value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.wire.equals(wanted)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("Invalid range '" + value + "': use one of "
                        + Arrays.stream(values()).map(ChartRange::wire).collect(Collectors.joining(", ")) + "."));
    }
}
