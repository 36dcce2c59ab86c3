package io.lightcloud.loadgen.results;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one sampler label did since the last report: a latency histogram in microseconds (every sample, errors
 * included, as JMeter's aggregate report counts them), bytes, and errors by status and by failed assertion. Recording
 * is wait-free for the event-loop threads; {@link #drain()} swaps the interval out once a second.
 */
public final class LabelRecorder {
    /** Latencies above an hour are clamped; HdrHistogram's precision: 3 significant digits. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    /** Auto-resizing: an interval's histogram spans only the latencies seen, so it encodes and merges small. */
    private final Recorder latencies = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder errors = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> assertionFailures = new ConcurrentHashMap<>();
    private Histogram recycled;

    public void record(long latencyMicros, String status, boolean error, String failedAssertion, long received,
            long sent) {
        latencies.recordValue(Math.max(1, Math.min(latencyMicros, HIGHEST_MICROS)));
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (error) {
            errors.increment();
        }
        if (failedAssertion != null) {
            assertionFailures.computeIfAbsent(failedAssertion, s -> new LongAdder()).increment();
        }
        bytesReceived.add(received);
        bytesSent.add(sent);
    }

    /** The interval since the last drain; counters and histogram may disagree by the samples recorded meanwhile. */
    public synchronized Interval drain() {
        Histogram interval = latencies.getIntervalHistogram(recycled);
        recycled = interval;
        return new Interval(interval.copy(), errors.sumThenReset(), bytesReceived.sumThenReset(),
                bytesSent.sumThenReset(), sums(statuses), sums(assertionFailures));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> out = new java.util.TreeMap<>();
        counters.forEach((key, adder) -> {
            long value = adder.sumThenReset();
            if (value > 0) {
                out.put(key, value);
            }
        });
        return out;
    }

    public record Interval(Histogram latencies, long errors, long bytesReceived, long bytesSent,
            Map<String, Long> statuses, Map<String, Long> assertionFailures) {
        public boolean isEmpty() {
            return latencies.getTotalCount() == 0 && errors == 0;
        }
    }
}
