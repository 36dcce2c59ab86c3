package io.lightcloud.loadtest.run;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * The exact merge of every executor's per-second results of one run: per label, one histogram fed by every executor's
 * histograms (so percentiles are those of the whole test, never averages of percentiles), counts, bytes, errors by
 * status and by assertion; per second, the same for all samplers together. A second's histogram is kept only while
 * executors may still report it, then reduced to its percentiles.
 */
public final class MergedRun {
    private static final int OPEN_SECONDS = 5;

    private final Set<String> transactionLabels;
    private final Map<String, LabelTotals> labels = new TreeMap<>();
    private final TreeMap<Long, SecondTotals> timeline = new TreeMap<>();
    private final Map<String, Integer> activeUsers = new HashMap<>();
    private final Histogram all = new Histogram(3);
    private long errors;

    public MergedRun(Set<String> transactionLabels) {
        this.transactionLabels = Set.copyOf(transactionLabels);
    }

    static final class LabelTotals {
        final Histogram histogram = new Histogram(3);
        long errors;
        long bytesReceived;
        long bytesSent;
        final Map<String, Long> statuses = new TreeMap<>();
        final Map<String, Long> assertionFailures = new TreeMap<>();
    }

    static final class SecondTotals {
        Histogram histogram = new Histogram(3);
        long count;
        long errors;
        final Map<String, Integer> activeUsers = new HashMap<>();
        double[] percentiles;
    }

    /** Adds one executor's report (its interval ending at {@code report.second}). */
    public synchronized void add(String executorId, JsonNode report) {
        long second = report.path("second").asLong();
        SecondTotals slot = timeline.computeIfAbsent(second, s -> new SecondTotals());
        int users = report.path("active_users").asInt();
        slot.activeUsers.put(executorId, users);
        activeUsers.put(executorId, users);
        for (JsonNode label : report.path("labels").values()) {
            String name = label.path("label").asString();
            Histogram histogram = decode(label.path("histogram").asString());
            LabelTotals totals = labels.computeIfAbsent(name, n -> new LabelTotals());
            totals.histogram.add(histogram);
            long labelErrors = label.path("errors").asLong();
            totals.errors += labelErrors;
            totals.bytesReceived += label.path("bytes_received").asLong();
            totals.bytesSent += label.path("bytes_sent").asLong();
            label.path("statuses").forEachEntry((k, v) -> totals.statuses.merge(k, v.asLong(), Long::sum));
            label.path("assertion_failures").forEachEntry(
                    (k, v) -> totals.assertionFailures.merge(k, v.asLong(), Long::sum));
            if (transactionLabels.contains(name)) {
                continue;
            }
            all.add(histogram);
            errors += labelErrors;
            slot.count += histogram.getTotalCount();
            slot.errors += labelErrors;
            if (slot.histogram != null) {
                slot.histogram.add(histogram);
            }
        }
        closeOldSeconds(second);
    }

    void executorGone(String executorId) {
        synchronized (this) {
            activeUsers.remove(executorId);
        }
    }

    private void closeOldSeconds(long newest) {
        for (SecondTotals slot : timeline.headMap(newest - OPEN_SECONDS, true).values()) {
            close(slot);
        }
    }

    private static void close(SecondTotals slot) {
        if (slot.histogram != null) {
            slot.percentiles = percentiles(slot.histogram);
            slot.histogram = null;
        }
    }

    private static double[] percentiles(Histogram h) {
        return new double[] {millis(h, 50), millis(h, 90), millis(h, 95), millis(h, 99)};
    }

    static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a histogram does not decode: " + e.getMessage(), e);
        }
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    public synchronized Snapshot snapshot() {
        Map<String, LabelSnapshot> labelViews = new LinkedHashMap<>();
        labels.forEach((name, t) -> labelViews.put(name, new LabelSnapshot(name, transactionLabels.contains(name),
                t.histogram.copy(), t.errors, t.bytesReceived, t.bytesSent, Map.copyOf(t.statuses),
                Map.copyOf(t.assertionFailures))));
        List<SecondSnapshot> seconds = new ArrayList<>();
        timeline.forEach((second, slot) -> {
            double[] p = slot.percentiles != null ? slot.percentiles : percentiles(slot.histogram);
            seconds.add(new SecondSnapshot(second, slot.count, slot.errors, p,
                    slot.activeUsers.values().stream().mapToInt(Integer::intValue).sum(), slot.activeUsers.size()));
        });
        return new Snapshot(all.copy(), errors, labelViews, seconds,
                activeUsers.values().stream().mapToInt(Integer::intValue).sum());
    }

    public record LabelSnapshot(String label, boolean transaction, Histogram histogram, long errors, long bytesReceived,
            long bytesSent, Map<String, Long> statuses, Map<String, Long> assertionFailures) {
    }

    public record SecondSnapshot(long second, long count, long errors, double[] percentiles, int activeUsers,
            int executors) {
    }

    /** The merged state at one moment; {@code all} holds every sampler's samples (transactions excluded). */
    public record Snapshot(Histogram all, long errors, Map<String, LabelSnapshot> labels, List<SecondSnapshot> seconds,
            int activeUsers) {
        public long count() {
            return all.getTotalCount();
        }

        /** Seconds from the first report's interval to the last one's. */
        long durationSeconds() {
            return seconds.isEmpty() ? 0 : seconds.get(seconds.size() - 1).second() - seconds.get(0).second() + 1;
        }
    }
}
