package io.lightcloud.common.web;

import io.lightcloud.common.api.FaultFormat;
import io.lightcloud.common.api.FaultWriter;
import io.lightcloud.common.api.GenericFaultFormat;
import io.lightcloud.common.api.ResponseMapSerializer;
import io.lightcloud.common.auth.AuthContextArgumentResolver;
import io.lightcloud.common.auth.TokenVerifier;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.policy.CommonPolicies;
import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.common.policy.PolicyEnforcer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.module.SimpleModule;

/** Wires the plumbing every service shares: faults, request ids and access logs, body limits, auth and policy. */
@Configuration(proxyBeanMethods = false)
public class CommonApiConfiguration {

    @Bean
    SimpleModule responseMapModule() {
        return ResponseMapSerializer.module();
    }

    @Bean
    FaultFormat lightcloudFaultFormat() {
        return new GenericFaultFormat("/lightcloud");
    }

    @Bean
    FaultWriter faultWriter(List<FaultFormat> formats, ObjectMapper mapper) {
        return new FaultWriter(formats, mapper);
    }

    /**
     * Replaces Tomcat's HTML error report with {@link FaultReportValve}; Spring Boot's own error page is turned off
     * ({@code ErrorMvcAutoConfiguration} is excluded in application.yml) so that every error Tomcat reports reaches
     * the valve.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> faultReportValve(FaultWriter faultWriter) {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(FaultReportValve.class.getName());
                host.getPipeline().addValve(new FaultReportValve(faultWriter));
            }
        });
    }

    @Bean
    LongPollDrain longPollDrain(List<LongPolls> polls) {
        return new LongPollDrain(polls);
    }

    @Bean
    ExternalUrl externalUrl(@Value("${lightcloud.external-url:}") String configured) {
        return new ExternalUrl(configured);
    }

    @Bean
    FilterRegistrationBean<RequestLoggingFilter> requestLoggingFilter() {
        FilterRegistrationBean<RequestLoggingFilter> registration = new FilterRegistrationBean<>(new RequestLoggingFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            @Value("${lightcloud.api.max-body-bytes:114688}") long limit, List<BodyLimitExemption> exemptions,
            FaultWriter faultWriter) {
        List<Predicate<String>> paths = new ArrayList<>();
        exemptions.forEach(e -> paths.add(e.path()));
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(limit, paths, faultWriter));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    CommonPolicies commonPolicies() {
        return new CommonPolicies();
    }

    @Bean
    PolicyEnforcer policyEnforcer(List<PolicyDefaults> defaults, @Value("${lightcloud.policy-file:}") String policyFile)
            throws IOException {
        return new PolicyEnforcer(defaults, readOverrides(policyFile));
    }

    @Bean
    WebMvcConfigurer authContextResolverConfigurer(@Lazy ObjectProvider<TokenVerifier> verifier) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new AuthContextArgumentResolver(token -> verifier.getObject().verify(token)));
            }
        };
    }

    private static Map<String, String> readOverrides(String policyFile) throws IOException {
        if (policyFile == null || policyFile.isBlank()) {
            return Map.of();
        }
        try (InputStream in = Files.newInputStream(Path.of(policyFile))) {
            Object loaded = new Yaml().load(in);
            Map<String, String> overrides = new LinkedHashMap<>();
            if (loaded instanceof Map<?, ?> map) {
                map.forEach((k, v) -> overrides.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            } else if (loaded != null) {
                throw new IllegalArgumentException("Policy file " + policyFile + " must map rule names to rules");
            }
            return overrides;
        }
    }
}
