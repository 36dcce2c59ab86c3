package io.lightcloud.network;

import io.lightcloud.common.api.FaultFormat;
import io.lightcloud.common.catalog.ServiceEndpoint;
import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.network.agent.DesiredNetworkState;
import io.lightcloud.network.agent.NetworkStateWatcher;
import io.lightcloud.network.api.NeutronFaultFormat;
import io.lightcloud.network.core.FloatingIps;
import io.lightcloud.network.core.Networks;
import io.lightcloud.network.core.Ports;
import io.lightcloud.network.core.Routers;
import io.lightcloud.network.core.SecurityGroups;
import io.lightcloud.network.core.Subnets;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.tag.TagController.TaggedResource;
import java.time.Duration;
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
    TaggedResource taggedNetworks(Networks networks) {
        return new TaggedResource("networks", "net_network", "update_network", (caller, id) -> networks.visible(caller, id).projectId());
    }

    @Bean
    TaggedResource taggedSubnets(Subnets subnets) {
        return new TaggedResource("subnets", "net_subnet", "update_subnet", (caller, id) -> subnets.visible(caller, id).projectId());
    }

    @Bean
    TaggedResource taggedPorts(Ports ports) {
        return new TaggedResource("ports", "net_port", "update_port", (caller, id) -> ports.visible(caller, id).projectId());
    }

    @Bean
    TaggedResource taggedSecurityGroups(SecurityGroups groups) {
        return new TaggedResource("security-groups", "net_security_group", "update_security_group",
                (caller, id) -> groups.visible(caller, id).projectId());
    }

    @Bean
    TaggedResource taggedRouters(Routers routers) {
        return new TaggedResource("routers", "net_router", "update_router", (caller, id) -> routers.visible(caller, id).projectId());
    }

    @Bean
    TaggedResource taggedFloatingIps(FloatingIps floatingIps) {
        return new TaggedResource("floatingips", "net_floatingip", "update_floatingip",
                (caller, id) -> floatingIps.visible(caller, id).projectId());
    }

    @Bean(destroyMethod = "close")
    NetworkStateWatcher networkStateWatcher(NetworkGeneration generation, DesiredNetworkState state) {
        return new NetworkStateWatcher(generation, state::build, Duration.ofSeconds(1));
    }

    @Bean
    PolicyDefaults networkPolicies() {
        return new NetworkPolicies();
    }
}
