package io.lightcloud.loadgen.results;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/** Every label's recorder of one run on this executor, and the per-second report document built from them. */
public final class RunRecorder {
    private final Map<String, LabelRecorder> labels = new ConcurrentHashMap<>();
    private final AtomicInteger activeUsers = new AtomicInteger();

    public LabelRecorder label(String label) {
        return labels.computeIfAbsent(label, l -> new LabelRecorder());
    }

    public AtomicInteger activeUsers() {
        return activeUsers;
    }

    /** The report of the interval since the last call: one compressed, base64 HdrHistogram per label. */
    public Map<String, Object> drainReport() {
        List<Map<String, Object>> out = new ArrayList<>();
        labels.forEach((name, recorder) -> {
            LabelRecorder.Interval interval = recorder.drain();
            if (interval.isEmpty()) {
                return;
            }
            Map<String, Object> label = new LinkedHashMap<>();
            label.put("label", name);
            label.put("count", interval.latencies().getTotalCount());
            label.put("errors", interval.errors());
            label.put("bytes_received", interval.bytesReceived());
            label.put("bytes_sent", interval.bytesSent());
            label.put("statuses", interval.statuses());
            label.put("assertion_failures", interval.assertionFailures());
            label.put("histogram", encode(interval.latencies()));
            out.add(label);
        });
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("active_users", activeUsers.get());
        report.put("labels", out);
        return report;
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }
}
