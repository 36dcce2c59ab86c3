package io.lightcloud.monitoring;

import io.lightcloud.common.api.FaultWriter;
import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.monitoring.access.MachineAccessFilter;
import io.lightcloud.monitoring.access.ScrapeCredential;
import io.lightcloud.monitoring.discovery.ControllerTargets;
import io.lightcloud.monitoring.alerting.AlertDispatcher;
import io.lightcloud.monitoring.alerting.AlertHistoryRepository;
import io.lightcloud.monitoring.alerting.AlertRuleRepository;
import io.lightcloud.monitoring.alerting.AlertRuleService;
import io.lightcloud.monitoring.alerting.RuleFilePublisher;
import io.lightcloud.monitoring.alerting.RuleFileRenderer;
import io.lightcloud.monitoring.channel.ChannelRepository;
import io.lightcloud.monitoring.channel.Deliveries;
import io.lightcloud.monitoring.channel.DingTalkSender;
import io.lightcloud.monitoring.channel.EmailSender;
import io.lightcloud.monitoring.channel.RobotRateLimiter;
import io.lightcloud.monitoring.channel.WeComSender;
import io.lightcloud.monitoring.channel.WebhookSender;
import io.lightcloud.monitoring.inventory.MonitoredInventory;
import io.lightcloud.monitoring.stack.AlertmanagerClient;
import io.lightcloud.monitoring.stack.MonitoringStack;
import io.lightcloud.monitoring.stack.PrometheusClient;
import io.lightcloud.monitoring.stack.StackConfigFiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Monitoring's beans. The stack starts once the web server listens (Prometheus's discovery and Alertmanager's
 * receiver are this controller's endpoints) and stops with the context.
 */
@Configuration(proxyBeanMethods = false)
public class MonitoringConfiguration {
    @Bean
    MonitoringSettings monitoringSettings(@Value("${lightcloud.monitoring.enabled:false}") boolean supervise,
            @Value("${lightcloud.monitoring.prometheus-url:}") String prometheusUrl,
            @Value("${lightcloud.monitoring.alertmanager-url:}") String alertmanagerUrl,
            @Value("${lightcloud.monitoring.dir:}") String dir, @Value("${lightcloud.data-dir}") String dataDir,
            @Value("${lightcloud.monitoring.scrape-interval:15s}") Duration scrapeInterval,
            @Value("${lightcloud.monitoring.alert-group-wait:10s}") Duration groupWait,
            @Value("${lightcloud.monitoring.agent-port:9180}") int agentPort,
            @Value("${lightcloud.monitoring.node-exporter-port:9100}") int nodeExporterPort,
            @Value("${lightcloud.monitoring.node-exporter.enabled:false}") boolean nodeExporter,
            @Value("${lightcloud.monitoring.controller-url:}") String controllerUrl,
            @Value("${lightcloud.monitoring.prometheus-binary:/usr/bin/prometheus}") String prometheus,
            @Value("${lightcloud.monitoring.promtool-binary:/usr/bin/promtool}") String promtool,
            @Value("${lightcloud.monitoring.alertmanager-binary:/usr/bin/prometheus-alertmanager}") String am,
            @Value("${lightcloud.monitoring.node-exporter-binary:/usr/bin/prometheus-node-exporter}") String node) {
        return new MonitoringSettings(supervise, url(prometheusUrl), url(alertmanagerUrl),
                dir.isBlank() ? Path.of(dataDir).resolve("monitoring") : Path.of(dir), scrapeInterval, groupWait,
                agentPort, nodeExporterPort, supervise && nodeExporter, url(controllerUrl), prometheus, promtool,
                am, node);
    }

    @Bean
    MonitoringStack monitoringStack(MonitoringSettings settings, ScrapeCredential credential) {
        return new MonitoringStack(settings, credential);
    }

    @Bean
    PrometheusClient prometheusClient(MonitoringStack stack, ObjectMapper mapper) {
        return new PrometheusClient(stack, mapper);
    }

    @Bean
    ControllerTargets controllerTargets(MonitoringSettings settings, Environment environment) {
        return new ControllerTargets(settings, environment);
    }

    @Bean
    PolicyDefaults monitoringPolicies() {
        return new MonitoringPolicies();
    }

    @Bean
    FilterRegistrationBean<MachineAccessFilter> monitoringMachineAccessFilter(ScrapeCredential credential,
            FaultWriter faultWriter) {
        FilterRegistrationBean<MachineAccessFilter> registration =
                new FilterRegistrationBean<>(new MachineAccessFilter(credential, faultWriter));
        registration.addUrlPatterns(StackConfigFiles.SD_PATH + "*", StackConfigFiles.RECEIVER_PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    AlertmanagerClient alertmanagerClient(MonitoringStack stack, ObjectMapper mapper) {
        return new AlertmanagerClient(stack, mapper);
    }

    @Bean
    AlertRuleRepository alertRuleRepository(JdbcClient jdbc) {
        return new AlertRuleRepository(jdbc);
    }

    @Bean
    ChannelRepository channelRepository(JdbcClient jdbc, ObjectMapper mapper) {
        return new ChannelRepository(jdbc, mapper);
    }

    @Bean
    AlertHistoryRepository alertHistoryRepository(JdbcClient jdbc, ObjectMapper mapper) {
        return new AlertHistoryRepository(jdbc, mapper);
    }

    @Bean
    AlertRuleService alertRuleService(AlertRuleRepository rules, MonitoredInventory inventory,
            MonitoringSettings settings, MonitoringStack stack, PrometheusClient prometheus,
            TransactionTemplate transactions) {
        Duration fourScrapes = settings.scrapeInterval().multipliedBy(4);
        Duration window = fourScrapes.compareTo(Duration.ofMinutes(1)) > 0 ? fourScrapes : Duration.ofMinutes(1);
        return new AlertRuleService(rules, new RuleFileRenderer(inventory, window),
                new RuleFilePublisher(settings, stack, prometheus), transactions);
    }

    @Bean
    Deliveries deliveries(@Value("${lightcloud.monitoring.delivery.attempts:5}") int attempts,
            @Value("${lightcloud.monitoring.delivery.first-backoff:2s}") Duration firstBackoff) {
        // DingTalk's and WeCom's documented limit: 20 messages a minute per robot.
        RobotRateLimiter robots = new RobotRateLimiter(20, Duration.ofMinutes(1));
        Clock clock = Clock.systemUTC();
        return new Deliveries(List.of(new DingTalkSender(robots, clock), new WeComSender(robots),
                new EmailSender(), new WebhookSender(clock)), attempts, firstBackoff);
    }

    @Bean
    AlertDispatcher alertDispatcher(AlertRuleRepository rules, ChannelRepository channels,
            AlertHistoryRepository history, Deliveries deliveries) {
        AtomicInteger threads = new AtomicInteger();
        return new AlertDispatcher(rules, channels, history, deliveries, Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "alert-dispatch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
    }

    @Bean(destroyMethod = "close")
    MonitoringStarter monitoringStarter(MonitoringStack stack, ControllerTargets controllers,
            AlertRuleService rules) {
        return new MonitoringStarter(stack, controllers, rules);
    }

    /**
     * Starts the stack when the application is ready (its port is known then), puts every project's rule file in
     * place, and re-renders them every minute so tag scopes follow tag changes.
     */
    static final class MonitoringStarter implements AutoCloseable {
        private static final Logger log = LoggerFactory.getLogger(MonitoringStarter.class);

        private final MonitoringStack stack;
        private final ControllerTargets controllers;
        private final AlertRuleService rules;
        private final ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "alert-rule-sync");
            thread.setDaemon(true);
            return thread;
        });

        MonitoringStarter(MonitoringStack stack, ControllerTargets controllers, AlertRuleService rules) {
            this.stack = stack;
            this.controllers = controllers;
            this.rules = rules;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void start() {
            stack.start(controllers.self());
            sync.scheduleWithFixedDelay(() -> {
                try {
                    rules.syncAll();
                } catch (RuntimeException e) {
                    log.warn("alert rule sync failed error=\"{}\"", e.getMessage());
                }
            }, 0, 60, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            sync.shutdownNow();
        }
    }

    private static URI url(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return URI.create(value.endsWith("/") ? value : value + "/");
    }
}
