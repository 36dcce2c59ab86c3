package io.lightcloud.server.monitoring;

import io.lightcloud.monitoring.access.ScrapeCredential;
import io.lightcloud.monitoring.inventory.MonitoredInventory;
import io.lightcloud.server.metrics.MetricsCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gives the monitoring module what it needs from the rest of the controller: the metrics credential (one secret for
 * every scrape, discovery read and alert notification) and the servers and hosts of compute.
 */
@Configuration(proxyBeanMethods = false)
public class MonitoringAssembly {
    /** The metrics credential's value; {@code metricsCredential} has written the generated file by then. */
    @Bean
    ScrapeCredential scrapeCredential(MetricsCredential metricsCredential,
            @Value("${lightcloud.metrics.credential:}") String configured,
            @Value("${lightcloud.data-dir}") String dataDir) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return new ScrapeCredential(configured);
        }
        return new ScrapeCredential(Files.readString(Path.of(dataDir).resolve("metrics-credential"),
                StandardCharsets.UTF_8));
    }

    @Bean
    MonitoredInventory monitoredInventory(JdbcClient jdbc) {
        return new ComputeInventory(jdbc);
    }
}
