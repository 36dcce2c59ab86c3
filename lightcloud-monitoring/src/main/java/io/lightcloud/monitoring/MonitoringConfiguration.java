package io.lightcloud.monitoring;

import io.lightcloud.common.api.FaultWriter;
import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.monitoring.access.MachineAccessFilter;
import io.lightcloud.monitoring.access.ScrapeCredential;
import io.lightcloud.monitoring.discovery.ControllerTargets;
import io.lightcloud.monitoring.stack.MonitoringStack;
import io.lightcloud.monitoring.stack.PrometheusClient;
import io.lightcloud.monitoring.stack.StackConfigFiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
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
    MonitoringStarter monitoringStarter(MonitoringStack stack, ControllerTargets controllers) {
        return new MonitoringStarter(stack, controllers);
    }

    /** Starts the stack when the application is ready (its port is known then). */
    static final class MonitoringStarter {
        private final MonitoringStack stack;
        private final ControllerTargets controllers;

        MonitoringStarter(MonitoringStack stack, ControllerTargets controllers) {
            this.stack = stack;
            this.controllers = controllers;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void start() {
            stack.start(controllers.self());
        }
    }

    private static URI url(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return URI.create(value.endsWith("/") ? value : value + "/");
    }
}
