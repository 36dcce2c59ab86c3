package io.lightcloud.loadtest.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The merge is exact: percentiles of reports from several executors and seconds, merged, equal those of one
 * histogram (same precision) fed every sample; counts add up.
 */
class MergedRunTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void mergedPercentilesEqualThoseOfOneHistogramOfEverySample() {
        Random random = new Random(42);
        Histogram truth = new Histogram(1, 3_600_000_000L, 3);
        MergedRun merged = new MergedRun(Set.of());
        long errors = 0;
        for (int executor = 0; executor < 3; executor++) {
            for (int second = 0; second < 20; second++) {
                Histogram interval = new Histogram(1, 3_600_000_000L, 3);
                int samples = 200 + random.nextInt(300);
                for (int i = 0; i < samples; i++) {
                    long micros = (long) Math.exp(random.nextGaussian() * 1.2 + 8) + 1
                            + (executor == 2 ? 20_000 : 0);
                    interval.recordValue(micros);
                    truth.recordValue(micros);
                }
                errors += executor;
                merged.add("e" + executor, report(1000 + second, interval, executor));
            }
        }
        MergedRun.Snapshot snapshot = merged.snapshot();
        assertThat(snapshot.count()).isEqualTo(truth.getTotalCount());
        assertThat(snapshot.errors()).isEqualTo(errors);
        for (double p : new double[] {50, 90, 95, 99, 99.9, 100}) {
            assertThat(snapshot.all().getValueAtPercentile(p)).as("p" + p).isEqualTo(truth.getValueAtPercentile(p));
            assertThat(snapshot.labels().get("get").histogram().getValueAtPercentile(p))
                    .isEqualTo(truth.getValueAtPercentile(p));
        }
        assertThat(snapshot.durationSeconds()).isEqualTo(20);
        Map<String, Object> results = Reports.results(snapshot, List.of());
        assertThat(((Map<?, ?>) results.get("summary")).get("samples")).isEqualTo(truth.getTotalCount());
    }

    private static JsonNode report(long second, Histogram histogram, long errors) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        String encoded = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        List<Object> labels = new ArrayList<>();
        labels.add(Map.of("label", "get", "count", histogram.getTotalCount(), "errors", errors,
                "bytes_received", 100, "bytes_sent", 10, "statuses", Map.of("200", histogram.getTotalCount()),
                "assertion_failures", Map.of(), "histogram", encoded));
        return JSON.valueToTree(Map.of("second", second, "active_users", 5, "labels", labels));
    }
}
