package io.lightcloud.agent.metrics;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few {@code /proc} files per-VM metrics come from. QEMU runs with {@code debug-threads=on}, so its vCPU threads
 * are named {@code CPU <n>/TCG} or {@code CPU <n>/KVM}; which thread is which vCPU is found once per process and
 * cached (a vCPU thread lives as long as the process), so a scrape reads one {@code stat} per vCPU plus the process's
 * {@code statm} and its network namespace's {@code net/dev} (read once per namespace per scrape).
 */
public final class ProcFs {
    private static final Pattern VCPU_THREAD = Pattern.compile("CPU (\\d+)/\\w+");
    /** USER_HZ: the unit of utime and stime, 100 on every Linux architecture Lightcloud runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long PAGE_SIZE = 4096;

    private final Path root;
    private final Map<Long, List<VcpuThread>> vcpuThreads = new ConcurrentHashMap<>();

    public ProcFs(Path root) {
        this.root = requireNonNull(root, "root");
    }

    public record VcpuThread(int index, long tid) {
    }

    /** Interface counters of one network namespace, by interface name. */
    public record NetDev(long rxBytes, long rxPackets, long rxDropped, long txBytes, long txPackets, long txDropped) {
    }

    public List<VcpuThread> vcpuThreads(long pid) throws IOException {
        List<VcpuThread> cached = vcpuThreads.get(pid);
        if (cached != null) {
            return cached;
        }
        List<VcpuThread> threads = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(root.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                Matcher name = VCPU_THREAD.matcher(Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII)
                        .strip());
                if (name.matches()) {
                    threads.add(new VcpuThread(Integer.parseInt(name.group(1)),
                            Long.parseLong(task.getFileName().toString())));
                }
            }
        }
        threads.sort((a, b) -> Integer.compare(a.index(), b.index()));
        List<VcpuThread> result = List.copyOf(threads);
        if (!result.isEmpty()) {
            vcpuThreads.put(pid, result);
        }
        return result;
    }

    /** User plus system CPU time of a thread, in seconds. */
    public double threadCpuSeconds(long pid, long tid) throws IOException {
        String stat = Files.readString(root.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid))
                .resolve("stat"), StandardCharsets.US_ASCII);
        // The command field may hold spaces and parentheses; the fields after its closing parenthesis are fixed.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    public long residentBytes(long pid) throws IOException {
        String statm = Files.readString(root.resolve(Long.toString(pid)).resolve("statm"), StandardCharsets.US_ASCII);
        String[] fields = statm.strip().split(" ");
        return Long.parseLong(fields[1]) * PAGE_SIZE;
    }

    /** The identity of the process's network namespace (the target of {@code ns/net}). */
    public String networkNamespace(long pid) throws IOException {
        return Files.readSymbolicLink(root.resolve(Long.toString(pid)).resolve("ns").resolve("net")).toString();
    }

    /** {@code net/dev} as the process sees it: the counters of every interface of its network namespace. */
    public Map<String, NetDev> netDev(long pid) throws IOException {
        Map<String, NetDev> devices = new HashMap<>();
        List<String> lines = Files.readAllLines(root.resolve(Long.toString(pid)).resolve("net").resolve("dev"),
                StandardCharsets.US_ASCII);
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            devices.put(line.substring(0, colon).trim(), new NetDev(Long.parseLong(f[0]), Long.parseLong(f[1]),
                    Long.parseLong(f[3]), Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[11])));
        }
        return devices;
    }

    /** Forgets cached threads of processes that are no longer listed. */
    public void retainProcesses(Set<Long> pids) {
        vcpuThreads.keySet().retainAll(pids);
    }
}
