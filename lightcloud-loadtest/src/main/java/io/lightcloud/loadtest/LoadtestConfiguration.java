package io.lightcloud.loadtest;

import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.common.web.BodyLimitExemption;
import io.lightcloud.loadtest.plan.JmxCompiler;
import io.lightcloud.loadtest.pool.ExecutorAuthenticator;
import io.lightcloud.loadtest.pool.ExecutorRepository;
import io.lightcloud.loadtest.pool.LocalExecutors;
import io.lightcloud.loadtest.pool.WorkSignals;
import io.lightcloud.loadtest.run.RunCoordinator;
import io.lightcloud.loadtest.run.RunRepository;
import io.lightcloud.loadtest.safety.ProjectPolicyRepository;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LoadtestSettings.class)
public class LoadtestConfiguration {
    @Bean
    PolicyDefaults loadtestPolicies() {
        return new LoadtestPolicies();
    }

    /** Plans carry .jmx and CSV files, executors' reports a histogram per label: both have their own limits. */
    @Bean
    BodyLimitExemption loadtestUploads() {
        return new BodyLimitExemption(path -> path.equals("/lightcloud/v1/loadtest/plans")
                || (path.startsWith("/lightcloud/v1/loadtest/executor/runs/") && path.endsWith("/results")));
    }

    @Bean
    WorkSignals loadtestWorkSignals() {
        return new WorkSignals();
    }

    @Bean
    JmxCompiler jmxCompiler(@Value("${lightcloud.data-dir}") Path dataDir) {
        return new JmxCompiler(dataDir);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    RunCoordinator runCoordinator(RunRepository runs, ExecutorRepository executors,
            ProjectPolicyRepository policies, WorkSignals signals, LoadtestSettings settings, LocalExecutors local,
            ObjectMapper mapper) {
        return new RunCoordinator(runs, executors, policies, signals, settings, local, mapper);
    }

    /** {@code lightcloud.loadtest.local-executors}: executors the controller runs as its children (0: none). */
    @Bean(destroyMethod = "close")
    LocalExecutors localExecutors(ExecutorRepository executors, @Value("${lightcloud.data-dir}") Path dataDir,
            LoadtestSettings settings) {
        return new LocalExecutors(executors, dataDir, settings);
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> localExecutorsStarter(LocalExecutors local) {
        return event -> local.start(event.getWebServer().getPort());
    }

    @Bean
    WebMvcConfigurer executorAuthenticatorConfigurer(ExecutorRepository executors) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new ExecutorAuthenticator(executors));
            }
        };
    }
}
