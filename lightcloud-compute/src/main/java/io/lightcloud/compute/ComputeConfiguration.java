package io.lightcloud.compute;

import io.lightcloud.common.api.FaultFormat;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.catalog.ServiceEndpoint;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.common.microversion.MicroversionNegotiator;
import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.common.web.BodyLimitExemption;
import io.lightcloud.compute.agent.AgentAuthenticator;
import io.lightcloud.compute.agent.DesiredStateWatcher;
import io.lightcloud.compute.agent.DesiredStates;
import io.lightcloud.compute.agent.ObservedStateProcessor;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaFaultFormat;
import io.lightcloud.compute.console.ConsoleTokens;
import io.lightcloud.compute.flavor.HaPolicy;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.host.HostSettings;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import io.lightcloud.compute.placement.InventorySettings;
import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.scheduler.HostAggregates;
import io.lightcloud.compute.scheduler.HostStateCache;
import io.lightcloud.compute.scheduler.Scheduler;
import io.lightcloud.compute.scheduler.SchedulerSettings;
import io.lightcloud.compute.server.InstancePlacer;
import io.lightcloud.compute.server.ServerDeleter;
import io.lightcloud.compute.server.ServerSnapshots;
import io.lightcloud.compute.server.VolumeBackedSnapshots;
import io.lightcloud.compute.store.JsonText;
import io.lightcloud.compute.store.Transactions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires compute: its catalog entry, faults, policies, microversions, settings, the scheduler and the agent side. */
@Configuration(proxyBeanMethods = false)
public class ComputeConfiguration {

    @Bean
    ServiceEndpoint computeEndpoint() {
        return new ServiceEndpoint("c0a6b2f4d1e94a7b8c3d5e6f7a8b9c01", "compute", "nova", "/compute/v2.1");
    }

    @Bean
    FaultFormat computeFaultFormat() {
        return new NovaFaultFormat();
    }

    @Bean
    PolicyDefaults computePolicies() {
        return new ComputePolicies();
    }

    @Bean
    BodyLimitExemption snapshotUploads() {
        return new BodyLimitExemption(path -> path.startsWith("/lightcloud/v1/agent/snapshots/")
                && !path.endsWith("/failure"));
    }

    /** A host's report lists every server it runs, beyond the JSON API limit; the agent controller has its own. */
    @Bean
    BodyLimitExemption observedReports() {
        return new BodyLimitExemption(path -> path.equals("/lightcloud/v1/agent/observed"));
    }

    @Bean
    AgentAuthenticator agentAuthenticator(HostRepository hosts) {
        return new AgentAuthenticator(hosts);
    }

    @Bean
    WebMvcConfigurer computeWebConfigurer(AgentAuthenticator agentAuthenticator) {
        ComputeApiVersion versions = new ComputeApiVersion(new MicroversionNegotiator("compute",
                "X-OpenStack-Nova-API-Version", ComputeApiVersion.MIN, ComputeApiVersion.MAX));
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(versions).addPathPatterns("/compute/v2.1/**")
                        .excludePathPatterns("/compute/v2.1", "/compute/v2.1/");
            }

            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(agentAuthenticator);
            }
        };
    }

    @Bean
    HostSettings hostSettings(@Value("${lightcloud.compute.heartbeat-interval:10s}") Duration heartbeat,
            @Value("${lightcloud.compute.host-down-after:60s}") Duration downAfter,
            @Value("${lightcloud.compute.default-availability-zone:nova}") String zone) {
        return new HostSettings(heartbeat, downAfter, zone);
    }

    @Bean
    InventorySettings inventorySettings(@Value("${lightcloud.compute.cpu-allocation-ratio:16.0}") double cpu,
            @Value("${lightcloud.compute.ram-allocation-ratio:1.5}") double ram,
            @Value("${lightcloud.compute.disk-allocation-ratio:1.0}") double disk,
            @Value("${lightcloud.compute.reserved-host-cpus:0}") long reservedCpus,
            @Value("${lightcloud.compute.reserved-host-memory-mb:512}") long reservedMemory,
            @Value("${lightcloud.compute.reserved-host-disk-gb:0}") long reservedDisk) {
        return new InventorySettings(cpu, ram, disk, reservedCpus, reservedMemory, reservedDisk);
    }

    @Bean
    SchedulerSettings schedulerSettings(HostSettings hosts,
            @Value("${lightcloud.compute.scheduler.weigher:spread}") String weigher,
            @Value("${lightcloud.compute.scheduler.soft-affinity-weight-multiplier:1.0}") double softAffinity,
            @Value("${lightcloud.compute.scheduler.host-subset-size:1}") int subset,
            @Value("${lightcloud.compute.scheduler.cache-refresh:1s}") Duration refresh,
            @Value("${lightcloud.compute.scheduler.max-build-attempts:3}") int attempts) {
        double ram = switch (weigher.toLowerCase(Locale.ROOT)) {
            case "spread" -> 1.0;
            case "pack" -> -1.0;
            default -> throw new IllegalArgumentException("lightcloud.compute.scheduler.weigher must be spread or "
                    + "pack, not " + weigher);
        };
        return new SchedulerSettings(ram, softAffinity, subset, refresh, attempts, hosts.downAfterSeconds());
    }

    @Bean
    HostStateCache hostStateCache(JdbcClient jdbc, SchedulerSettings settings) {
        return new HostStateCache(jdbc, settings.cacheRefresh(), Clock.systemUTC());
    }

    @Bean
    Scheduler scheduler(HostStateCache cache, PlacementRepository placement, Transactions transactions,
            SchedulerSettings settings, HostAggregates aggregates) {
        return new Scheduler(cache, placement, transactions, settings, aggregates, Clock.systemUTC());
    }

    @Bean
    HaPolicy haPolicy(@Value("${lightcloud.compute.ha.max-restarts:3}") int maxRestarts,
            @Value("${lightcloud.compute.ha.window:10m}") Duration window) {
        return new HaPolicy(maxRestarts, window);
    }

    @Bean
    ConsoleTokens consoleTokens(JdbcClient jdbc,
            @Value("${lightcloud.compute.console-token-lifetime:10m}") Duration lifetime) {
        return new ConsoleTokens(jdbc, lifetime);
    }

    @Bean(destroyMethod = "close")
    DesiredStateWatcher desiredStateWatcher(JdbcClient jdbc, HostRepository hosts, DesiredStates states,
            @Value("${lightcloud.compute.agent.poll-check-interval:500ms}") Duration interval) {
        return new DesiredStateWatcher(jdbc, hosts, states::of, interval, Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService computeBackground() {
        return Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "compute-background");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    ObservedStateProcessor observedStateProcessor(InstanceRepository instances, PlacementRepository placement,
            HostStateCache cache, VolumeAttachmentRepository attachments, ObjectProvider<VolumeAttachments> volumes,
            InstanceActionLog actions, InstancePlacer placer,
            ServerDeleter deleter, DesiredStateChanges changes, HaPolicy haPolicy, SchedulerSettings schedulerSettings,
            Transactions transactions, JdbcClient jdbc, ExecutorService computeBackground) {
        return new ObservedStateProcessor(instances, placement, cache, attachments, volumes, actions, placer,
                deleter, changes, haPolicy, schedulerSettings, transactions, jdbc, computeBackground);
    }

    @Bean(destroyMethod = "close")
    ServerSnapshots serverSnapshots(InstanceRepository instances, ObjectProvider<ImageRegistry> images,
            InstanceActionLog actions, DesiredStateChanges changes, PolicyEnforcer policy, Transactions transactions,
            JdbcClient jdbc, JsonText json, ExternalUrl externalUrl,
            @Value("${lightcloud.data-dir}") String dataDir,
            @Value("${lightcloud.compute.snapshot-timeout:10m}") Duration timeout,
            VolumeAttachmentRepository attachments, ObjectProvider<VolumeAttachments> volumes) {
        Path spool = Path.of(dataDir, "tmp");
        return new ServerSnapshots(instances, images, actions, changes, policy, transactions, jdbc, json,
                externalUrl, spool, timeout, new VolumeBackedSnapshots(attachments, volumes, images, actions, spool));
    }
}
