package io.lightcloud.loadtest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lightcloud.loadtest.*}: how often the coordinator looks at runs, how long an executor may stay silent before
 * its share counts as lost, and the largest plan upload.
 */
@ConfigurationProperties("lightcloud.loadtest")
public record LoadtestSettings(
        @DefaultValue("250ms") Duration tickInterval,
        @DefaultValue("8s") Duration executorLostAfter,
        @DefaultValue("8388608") long maxPlanBytes) {
}
