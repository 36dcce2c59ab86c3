package io.lightcloud.compute.healing;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.host.ComputeHost;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.host.HostSettings;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.server.InstancePlacer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The controller's periodic duties. It watches heartbeats: a host silent for longer than the threshold is marked
 * down once (logged by whichever controller sees it first), and its servers show UNKNOWN until it is back. It also
 * schedules servers left waiting for a host, which happens when a controller stops between storing a server and
 * placing it: nothing is lost, the next sweep on any controller places it.
 */
@Component
public class ComputeMaintenance implements ApplicationRunner, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ComputeMaintenance.class);

    private final HostRepository hosts;
    private final HostSettings settings;
    private final InstanceRepository instances;
    private final InstancePlacer placer;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "compute-maintenance");
        thread.setDaemon(true);
        return thread;
    });

    public ComputeMaintenance(HostRepository hosts, HostSettings settings, InstanceRepository instances,
            InstancePlacer placer, @Value("${lightcloud.compute.maintenance-interval:5s}") Duration interval) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.instances = requireNonNull(instances, "instances is null");
        this.placer = requireNonNull(placer, "placer is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    @Override
    public void run(ApplicationArguments args) {
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::watchHosts, millis, millis, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::placeWaiting, millis, millis, TimeUnit.MILLISECONDS);
    }

    void watchHosts() {
        try {
            Instant now = Instant.now();
            OffsetDateTime cutoff = now.minus(settings.downAfter()).atOffset(ZoneOffset.UTC);
            for (ComputeHost host : hosts.listRegistered()) {
                if (!host.up(now, settings.downAfterSeconds()) && hosts.markDown(host.id(), cutoff)) {
                    log.warn("Host is down: no heartbeat for {} s host={} last_heartbeat={}",
                            settings.downAfterSeconds(), host.hostname(), host.lastHeartbeatAt());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Watching host heartbeats failed; retrying", e);
        }
    }

    void placeWaiting() {
        try {
            OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(interval.multipliedBy(2));
            for (Instance instance : instances.listUnscheduled(before)) {
                log.info("Scheduling a server that waited for a host instance_id={}", instance.id());
                placer.place(instance.id());
            }
        } catch (RuntimeException e) {
            log.warn("Scheduling waiting servers failed; retrying", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
