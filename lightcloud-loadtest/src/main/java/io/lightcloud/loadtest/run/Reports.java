package io.lightcloud.loadtest.run;

import io.lightcloud.loadtest.threshold.Threshold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Builds a run's results document from the merged state: JMeter's aggregate-report columns per label, the whole
 * test's summary, the per-second timeline and the thresholds' verdicts.
 */
final class Reports {
    private Reports() {
    }

    static Map<String, Object> results(MergedRun.Snapshot s, List<Threshold> thresholds) {
        long duration = Math.max(1, s.durationSeconds());
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> summary = stats("TOTAL", s.all(), s.errors(), duration);
        summary.put("active_users", s.activeUsers());
        summary.put("duration_seconds", s.durationSeconds());
        doc.put("summary", summary);
        List<Map<String, Object>> labels = new ArrayList<>();
        for (MergedRun.LabelSnapshot label : s.labels().values()) {
            Map<String, Object> row = stats(label.label(), label.histogram(), label.errors(), duration);
            row.put("transaction", label.transaction());
            row.put("received_kb_per_second", round(label.bytesReceived() / 1024.0 / duration));
            row.put("sent_kb_per_second", round(label.bytesSent() / 1024.0 / duration));
            row.put("statuses", label.statuses());
            row.put("assertion_failures", label.assertionFailures());
            row.put("histogram", MergedRun.encode(label.histogram()));
            labels.add(row);
        }
        doc.put("labels", labels);
        List<Map<String, Object>> timeline = new ArrayList<>();
        long first = s.seconds().isEmpty() ? 0 : s.seconds().get(0).second();
        for (MergedRun.SecondSnapshot second : s.seconds()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("t", second.second() - first);
            point.put("time", second.second());
            point.put("rate", second.count());
            point.put("errors", second.errors());
            point.put("p50_ms", second.percentiles()[0]);
            point.put("p90_ms", second.percentiles()[1]);
            point.put("p95_ms", second.percentiles()[2]);
            point.put("p99_ms", second.percentiles()[3]);
            point.put("active_users", second.activeUsers());
            point.put("executors", second.executors());
            timeline.add(point);
        }
        doc.put("timeline", timeline);
        doc.put("thresholds", verdicts(s, thresholds, false));
        return doc;
    }

    /** Each threshold with its actual value; {@code live} leaves lower bounds unjudged until the end. */
    static List<Map<String, Object>> verdicts(MergedRun.Snapshot s, List<Threshold> thresholds, boolean live) {
        List<Map<String, Object>> out = new ArrayList<>();
        long duration = Math.max(1, s.durationSeconds());
        for (Threshold t : thresholds) {
            double actual = switch (t.metric()) {
                case PERCENTILE -> MergedRun.millis(s.all(), t.percentile());
                case MEAN -> s.count() == 0 ? 0 : s.all().getMean() / 1000.0;
                case MIN -> s.count() == 0 ? 0 : s.all().getMinValue() / 1000.0;
                case MAX -> s.count() == 0 ? 0 : s.all().getMaxValue() / 1000.0;
                case ERROR_RATE -> s.count() == 0 ? 0 : 100.0 * s.errors() / s.count();
                case RATE -> (double) s.count() / duration;
            };
            Map<String, Object> verdict = new LinkedHashMap<>();
            verdict.put("threshold", t.text());
            verdict.put("actual", round(actual));
            verdict.put("passed", live && !t.judgeableLive() ? null : (Object) (s.count() > 0 && t.holds(actual)));
            out.add(verdict);
        }
        return out;
    }

    private static Map<String, Object> stats(String label, Histogram h, long errors, long duration) {
        long count = h.getTotalCount();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label", label);
        row.put("samples", count);
        row.put("average_ms", count == 0 ? 0 : round(h.getMean() / 1000.0));
        row.put("median_ms", MergedRun.millis(h, 50));
        row.put("p90_ms", MergedRun.millis(h, 90));
        row.put("p95_ms", MergedRun.millis(h, 95));
        row.put("p99_ms", MergedRun.millis(h, 99));
        row.put("min_ms", count == 0 ? 0 : h.getMinValue() / 1000.0);
        row.put("max_ms", count == 0 ? 0 : h.getMaxValue() / 1000.0);
        row.put("errors", errors);
        row.put("error_percent", count == 0 ? 0 : round(100.0 * errors / count));
        row.put("throughput_per_second", round((double) count / duration));
        return row;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
