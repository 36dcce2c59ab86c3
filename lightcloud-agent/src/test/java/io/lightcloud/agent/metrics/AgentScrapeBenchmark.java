package io.lightcloud.agent.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scrape of an agent with N simulated instances (real exporter code over a simulated /proc, one vCPU, one tap,
 * two disks each), next to the baseline of reading the same files raw (the I/O floor). Prints the figures; asserts
 * nothing about time (bench/agent-scrape-bench.sh runs it). Not a test: surefire does not pick *Benchmark classes.
 */
class AgentScrapeBenchmark {
    @TempDir
    Path tmp;

    @Test
    void scrape() throws IOException {
        int instances = Integer.getInteger("bench.instances", 1000);
        int rounds = Integer.getInteger("bench.rounds", 30);
        FakeProc proc = new FakeProc(tmp);
        List<MonitoredVm> vms = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            String tap = String.format("tap%08x-00", i);
            proc.process(10_000L + i * 10L, 1, 5000, "4026531840", List.of(tap));
            vms.add(new MonitoredVm(String.format("%08x-0000-0000-0000-000000000000", i), "project-" + i % 10,
                    10_000L + i * 10L, true, Map.of(tap, String.format("%08x-1111-1111-1111-111111111111", i))));
        }
        VmMetricsCollector collector = new VmMetricsCollector(new VmMetricsCollectorTest.Inventory(vms),
                new ProcFs(tmp));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tmp)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (int i = 0; i < 10; i++) {
            collector.scrape();
            raw(files);
        }
        long exporterNanos = Long.MAX_VALUE;
        long rawNanos = Long.MAX_VALUE;
        long exporterCpu = 0;
        int bytes = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < rounds; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            bytes = collector.scrape().length();
            exporterNanos = Math.min(exporterNanos, System.nanoTime() - started);
            exporterCpu += threads.getCurrentThreadCpuTime() - cpu;
            started = System.nanoTime();
            raw(files);
            rawNanos = Math.min(rawNanos, System.nanoTime() - started);
        }
        System.out.printf("instances=%d scrape_best_ms=%.1f raw_read_all_files_best_ms=%.1f ratio=%.2f "
                + "cpu_us_per_vm_per_scrape=%.1f body_bytes=%d%n", instances, exporterNanos / 1e6, rawNanos / 1e6,
                (double) exporterNanos / rawNanos, exporterCpu / 1e3 / rounds / instances, bytes);
    }

    private static void raw(List<Path> files) throws IOException {
        for (Path file : files) {
            Files.readAllBytes(file);
        }
    }
}
