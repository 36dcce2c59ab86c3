package io.lightcloud.server.compute;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lightcloud.compute.placement.InventorySettings;
import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.placement.Resources;
import io.lightcloud.compute.scheduler.ClaimHook;
import io.lightcloud.compute.scheduler.HostStateCache;
import io.lightcloud.compute.scheduler.NoValidHostException;
import io.lightcloud.compute.scheduler.ScheduleRequest;
import io.lightcloud.compute.scheduler.Scheduler;
import io.lightcloud.compute.scheduler.SchedulerSettings;
import io.lightcloud.compute.store.Transactions;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduler benchmark of issue 4: hosts faked at the inventory level (rows in compute_host and
 * compute_inventory, as a registered agent would leave them), then placements from concurrent clients through the
 * real {@link Scheduler} (filters, weighers, compare-and-swap claims) on the real database, split over several
 * scheduler instances with their own caches, as several controllers would run them. After the run it checks in SQL
 * that no host is over-committed in any resource class. Run by {@code bench/scheduler-bench.sh}.
 *
 * <p>Arguments: {@code <jdbc url> <user> <password> <hosts> <placements> <clients> <controllers>}.
 */
public final class SchedulerBenchmark {
    private static final Resources[] FLAVORS = {new Resources(1, 1024, 10), new Resources(1, 1024, 20),
            new Resources(2, 2048, 20), new Resources(4, 3072, 30)};

    private SchedulerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int hosts = Integer.parseInt(args[3]);
        int placements = Integer.parseInt(args[4]);
        int clients = Integer.parseInt(args[5]);
        int controllers = Integer.parseInt(args[6]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(args[1]);
        config.setPassword(args[2]);
        config.setMaximumPoolSize(clients + 4);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            Transactions transactions = new Transactions(new TransactionTemplate(
                    new DataSourceTransactionManager(dataSource)));
            PlacementRepository placement = new PlacementRepository(jdbc);
            InventorySettings inventory = new InventorySettings(16.0, 1.5, 1.0, 0, 512, 0);
            long setupStart = System.nanoTime();
            fakeHosts(jdbc, placement, transactions, inventory, hosts);
            System.out.printf("hosts: %d faked in %.1f s (16 vCPU, 32 GiB RAM, 500 GB disk each; ratios 16/1.5/1.0, "
                    + "512 MB reserved)%n", hosts, (System.nanoTime() - setupStart) / 1e9);

            int subset = Integer.parseInt(System.getProperty("subset", "1"));
            SchedulerSettings settings = new SchedulerSettings(1.0, 1.0, subset, Duration.ofSeconds(1), 3, 3600);
            List<Scheduler> schedulers = new ArrayList<>();
            for (int i = 0; i < controllers; i++) {
                HostStateCache cache = new HostStateCache(jdbc, settings.cacheRefresh(), Clock.systemUTC());
                schedulers.add(new Scheduler(cache, placement, transactions, settings, hostId -> Map.of(), Clock.systemUTC()));
            }
            schedulers.forEach(s -> s.cache().hosts());

            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger placed = new AtomicInteger();
            AtomicInteger noHost = new AtomicInteger();
            AtomicLong maxNanos = new AtomicLong();
            long[] latencies = new long[placements];
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> workers = new ArrayList<>();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                Scheduler scheduler = schedulers.get(c % controllers);
                workers.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < placements; n = next.getAndIncrement()) {
                        Resources flavor = FLAVORS[ThreadLocalRandom.current().nextInt(FLAVORS.length)];
                        ScheduleRequest request = ScheduleRequest.simple("bench-" + UUID.randomUUID(), flavor);
                        long began = System.nanoTime();
                        try {
                            scheduler.place(() -> request, ClaimHook.NONE);
                            placed.incrementAndGet();
                        } catch (NoValidHostException e) {
                            noHost.incrementAndGet();
                        }
                        long took = System.nanoTime() - began;
                        latencies[n] = took;
                        maxNanos.accumulateAndGet(took, Math::max);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
            pool.shutdown();
            Arrays.sort(latencies);
            System.out.printf("placements: %d requested by %d clients over %d scheduler instances in %.2f s%n",
                    placements, clients, controllers, seconds);
            long conflicts = schedulers.stream().mapToLong(s -> s.stats().conflicts()).sum();
            System.out.printf("placed: %d, no valid host: %d, claims that lost the generation race and were retried: "
                    + "%d%n", placed.get(), noHost.get(), conflicts);
            System.out.printf("throughput: %.0f placements/s (load average before the run: %.1f on %d CPUs)%n",
                    placements / seconds, loadBefore, Runtime.getRuntime().availableProcessors());
            System.out.printf("CPU of this process: %.2f ms per placement (%s), %.0f placements/s per fully "
                    + "available core%n", cpuSeconds * 1000 / placements, url.startsWith("jdbc:h2:")
                    ? "scheduler and embedded database" : "scheduler and JDBC only; PostgreSQL's own CPU is not counted",
                    placements / cpuSeconds);
            System.out.printf("latency per placement: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    latencies[placements / 2] / 1e6, latencies[(int) (placements * 0.99)] / 1e6, maxNanos.get() / 1e6);

            long overCommitted = jdbc.sql("""
                    SELECT COUNT(*) FROM compute_inventory i
                    WHERE (SELECT COALESCE(SUM(a.used), 0) FROM compute_allocation a
                           WHERE a.host_id = i.host_id AND a.resource_class = i.resource_class)
                          > FLOOR((i.total - i.reserved) * i.allocation_ratio)""").query(Long.class).single();
            long drifted = jdbc.sql("""
                    SELECT COUNT(*) FROM compute_inventory i
                    WHERE i.used <> (SELECT COALESCE(SUM(a.used), 0) FROM compute_allocation a
                                     WHERE a.host_id = i.host_id AND a.resource_class = i.resource_class)""")
                    .query(Long.class).single();
            long allocations = jdbc.sql("SELECT COUNT(DISTINCT consumer_id) FROM compute_allocation "
                    + "WHERE consumer_id LIKE 'bench-%'").query(Long.class).single();
            double fill = jdbc.sql("""
                    SELECT CAST(SUM(a.used) AS DOUBLE PRECISION) / (SELECT SUM(FLOOR((total - reserved)
                        * allocation_ratio)) FROM compute_inventory WHERE resource_class = 'MEMORY_MB')
                    FROM compute_allocation a WHERE a.resource_class = 'MEMORY_MB'""").query(Double.class).single();
            System.out.printf("verification: %d consumers hold allocations (placed: %d); RAM %.0f%% allocated; "
                    + "over-committed host resources: %d; usage sums out of step with the allocations: %d%n",
                    allocations, placed.get(), fill * 100, overCommitted, drifted);
            if (overCommitted != 0 || drifted != 0 || allocations != placed.get()) {
                System.out.println("FAILED: the allocations do not match the placements or a host is over-committed");
                System.exit(1);
            }
        }
    }

    private static void fakeHosts(JdbcClient jdbc, PlacementRepository placement, Transactions transactions,
            InventorySettings inventory, int count) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            String hostname = String.format("bench-%04d-%s", i, id.substring(0, 8));
            transactions.run(() -> {
                jdbc.sql("""
                        INSERT INTO compute_host (id, service_id, hostname, credential_hash, registered_at, vcpus,
                            memory_mb, disk_gb, cpu_arch, cpu_info, hypervisor_type, availability_zone, enabled,
                            last_heartbeat_at, created_at, updated_at)
                        VALUES (?, ?, ?, 'none', ?, 16, 32768, 500, 'x86_64', '{}', 'kvm', 'bench', TRUE, ?, ?, ?)""")
                        .params(id, UUID.randomUUID().toString(), hostname, now, now, now, now).update();
                placement.setInventory(id, inventory.forHost(16, 32768, 500));
            });
        }
    }
}
