import io.lightcloud.loadtest.run.MergedRun;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The controller's cost of merging: EXECUTORS reports per simulated second, each with LABELS labels of SAMPLES samples,
 * parsed from JSON text and merged by the controller's own MergedRun, for SECONDS seconds of results. Prints the CPU
 * seconds spent per second of results, i.e. the fraction of one core. Histograms are auto-resizing, as the
 * executor's. Usage: MergeCost EXECUTORS LABELS SAMPLES SECONDS
 */
public class MergeCost {
    public static void main(String[] args) throws Exception {
        int executors = Integer.parseInt(args[0]);
        int labels = Integer.parseInt(args[1]);
        int samples = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        ObjectMapper json = JsonMapper.builder().build();
        Random random = new Random(1);
        List<String> reports = new ArrayList<>();
        for (int e = 0; e < executors * 4; e++) {
            List<Object> labelDocs = new ArrayList<>();
            for (int l = 0; l < labels; l++) {
                Histogram h = new Histogram(3);
                for (int i = 0; i < samples; i++) {
                    h.recordValue((long) Math.exp(random.nextGaussian() + 8.5) + 1);
                }
                ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                int length = h.encodeIntoCompressedByteBuffer(buffer);
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("label", "label-" + l);
                doc.put("count", h.getTotalCount());
                doc.put("errors", 1);
                doc.put("bytes_received", 1000L * samples);
                doc.put("bytes_sent", 100L * samples);
                doc.put("statuses", Map.of("200", samples - 1, "500", 1));
                doc.put("assertion_failures", Map.of());
                doc.put("histogram", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(),
                        length)));
                labelDocs.add(doc);
            }
            reports.add(json.writeValueAsString(Map.of("second", 0, "active_users", 10, "labels", labelDocs)));
        }
        var threads = ManagementFactory.getThreadMXBean();
        MergedRun warm = new MergedRun(Set.of());
        for (int s = 0; s < 20; s++) {
            for (int e = 0; e < executors; e++) {
                warm.add("e" + e, withSecond(json, reports.get((s + e) % reports.size()), s));
            }
        }
        MergedRun merged = new MergedRun(Set.of());
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int s = 0; s < seconds; s++) {
            for (int e = 0; e < executors; e++) {
                merged.add("e" + e, withSecond(json, reports.get((s + e) % reports.size()), 1000 + s));
            }
            if (s % 5 == 0) {
                merged.snapshot();
            }
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        long bytes = reports.stream().mapToLong(String::length).sum() / reports.size();
        System.out.printf(java.util.Locale.ROOT, "%.4f %d %d%n", cpu / seconds, bytes, merged.snapshot().count());
    }

    private static JsonNode withSecond(ObjectMapper json, String report, long second) {
        JsonNode node = json.readTree(report);
        ((tools.jackson.databind.node.ObjectNode) node).put("second", second);
        return node;
    }
}
