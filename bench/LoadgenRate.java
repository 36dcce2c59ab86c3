import io.lightcloud.loadgen.engine.HttpTransport;
import io.lightcloud.loadgen.engine.RunExecution;
import io.lightcloud.loadgen.scenario.ScenarioReader;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One executor's engine without a controller: runs a one-request scenario against URL and prints
 * "<requests/s> <p50 ms> <p99 ms> <max ms> <errors>". Usage: LoadgenRate URL SECONDS CONNECTIONS THREADS [RATE
 * [WARMUP_SECONDS]] (RATE > 0: open model at that rate, latency from the intended send time; else closed, as fast as
 * possible). A warm-up run first (same JVM, results dropped) keeps class loading and JIT out of the figures.
 */
public class LoadgenRate {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int seconds = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        double rate = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        java.net.URI uri = java.net.URI.create(url);
        Map<String, Object> load = rate > 0
                ? Map.of("model", "open", "users", connections, "rate", rate, "duration_seconds", seconds)
                : Map.of("model", "closed", "users", connections, "duration_seconds", seconds);
        Map<String, Object> scenario = Map.of("load", load, "steps", List.of(Map.of("label", "get", "url", url)),
                "allowed_targets", List.of(uri.getHost() + ":" + uri.getPort()));
        JsonNode document = JsonMapper.builder().build().valueToTree(scenario);
        if (warmup > 0) {
            Map<String, Object> warm = new java.util.HashMap<>(scenario);
            Map<String, Object> warmLoad = new java.util.HashMap<>(load);
            warmLoad.put("duration_seconds", warmup);
            warm.put("load", warmLoad);
            try (HttpTransport transport = new HttpTransport(threads)) {
                RunExecution run = new RunExecution(ScenarioReader.read(JsonMapper.builder().build().valueToTree(warm)),
                        transport);
                run.start(System.nanoTime(), 0);
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
                run.stop();
                run.finished().get(10, TimeUnit.SECONDS);
            }
        }
        Histogram all = new Histogram(3);
        long errors = 0;
        try (HttpTransport transport = new HttpTransport(threads)) {
            RunExecution run = new RunExecution(ScenarioReader.read(document), transport);
            long start = System.nanoTime();
            run.start(start, 0);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            run.stop();
            run.finished().get(10, TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - start) / 1e9;
            Map<String, Object> report = run.recorder().drainReport();
            for (Object label : (List<?>) report.get("labels")) {
                Map<?, ?> l = (Map<?, ?>) label;
                all.add(Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(Base64.getDecoder().decode((String) l.get("histogram"))), 0));
                errors += ((Number) l.get("errors")).longValue();
            }
            System.out.printf(java.util.Locale.ROOT, "%.0f %.3f %.3f %.3f %d%n", all.getTotalCount() / elapsed,
                    all.getValueAtPercentile(50) / 1000.0, all.getValueAtPercentile(99) / 1000.0,
                    all.getMaxValue() / 1000.0, errors);
        }
    }
}
