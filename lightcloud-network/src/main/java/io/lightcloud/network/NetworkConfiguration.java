package io.lightcloud.network;

import io.lightcloud.common.api.FaultFormat;
import io.lightcloud.common.catalog.ServiceEndpoint;
import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.network.api.NeutronFaultFormat;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NetworkProperties.class)
public class NetworkConfiguration {
    /** Neutron's catalog entry is unversioned; clients discover v2.0 from the version document there. */
    @Bean
    ServiceEndpoint networkEndpoint() {
        return new ServiceEndpoint("0c9e4f5a6b7c4d8e9f0a1b2c3d4e5f61", "network", "neutron", "/network");
    }

    @Bean
    FaultFormat networkFaultFormat() {
        return new NeutronFaultFormat();
    }

    @Bean
    PolicyDefaults networkPolicies() {
        return new NetworkPolicies();
    }
}
