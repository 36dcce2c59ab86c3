package io.lightcloud.server.metrics;

import io.lightcloud.common.api.FaultWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * {@code /metrics} carries internals (request paths and timings, pools, JVM), so only a scraper holding the metrics
 * credential reads it. A credential rather than a loopback-only management port: Prometheus scrapes each controller
 * from wherever it runs, with several controllers too, and the one port is the one an operator puts behind TLS.
 * {@code /healthz} stays open for load balancers.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsAccessConfiguration {
    @Bean
    MetricsCredential metricsCredential(@Value("${lightcloud.metrics.credential:}") String configured,
            @Value("${lightcloud.data-dir}") String dataDir) throws IOException {
        return MetricsCredential.configuredOrGenerated(configured, Path.of(dataDir).resolve("metrics-credential"));
    }

    @Bean
    FilterRegistrationBean<MetricsAccessFilter> metricsAccessFilter(MetricsCredential credential,
            FaultWriter faultWriter) {
        FilterRegistrationBean<MetricsAccessFilter> registration =
                new FilterRegistrationBean<>(new MetricsAccessFilter(credential, faultWriter));
        registration.addUrlPatterns("/metrics", "/metrics/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
