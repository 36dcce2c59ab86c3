package io.lightcloud.compute.usage;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.store.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ledger's periodic sweep, on every controller. Instances are recorded as their rows change, in the same
 * transaction; the sweep repairs the ones that disagree anyway (launched or deleted before the ledger existed) and
 * meters volumes, floating IPs and images, whose services delete their rows, by comparing what exists with the open
 * intervals.
 */
@Component
public class UsageReconciler implements ApplicationRunner, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UsageReconciler.class);

    private final JdbcClient jdbc;
    private final Transactions transactions;
    private final InstanceUsageLedger instances;
    private final ResourceUsageLedger resources;
    private final List<MeteredResourceSource> sources;
    private final UsageClock clock;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "usage-ledger");
        thread.setDaemon(true);
        return thread;
    });

    public UsageReconciler(JdbcClient jdbc, Transactions transactions, InstanceUsageLedger instances, ResourceUsageLedger resources,
            List<MeteredResourceSource> sources, UsageClock clock,
            @Value("${lightcloud.usage.sweep-interval:60s}") Duration interval) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.instances = requireNonNull(instances, "instances is null");
        this.resources = requireNonNull(resources, "resources is null");
        this.sources = List.copyOf(sources);
        this.clock = requireNonNull(clock, "clock is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    @Override
    public void run(ApplicationArguments args) {
        executor.scheduleWithFixedDelay(this::sweep, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over instances and every resource kind; a failure is logged and retried on the next pass. */
    public void sweep() {
        try {
            List<String> disagreeing = jdbc.sql("""
                    SELECT i.id FROM compute_instance i WHERE i.launched_at IS NOT NULL AND (
                        (i.deleted_at IS NULL AND NOT EXISTS (
                            SELECT 1 FROM compute_usage_interval u WHERE u.open_key = i.id AND u.flavor_id = i.flavor_id))
                        OR (i.deleted_at IS NOT NULL AND EXISTS (
                            SELECT 1 FROM compute_usage_interval u WHERE u.open_key = i.id)))""")
                    .query(String.class).list();
            disagreeing.forEach(id -> transactions.run(() -> instances.repair(id)));
            if (!disagreeing.isEmpty()) {
                log.info("Usage ledger repaired instances={}", disagreeing.size());
            }
            Instant now = clock.now();
            for (MeteredResourceSource source : sources) {
                resources.reconcile(source.kind(), source.current(), now);
            }
        } catch (RuntimeException e) {
            log.warn("Usage ledger sweep failed; retrying on the next pass", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
