package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.network.NetworkDocument.Dhcp;
import io.lightcloud.agent.network.NetworkDocument.DhcpHost;
import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Route;
import io.lightcloud.agent.network.NetworkDocument.Subnet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpConfigTest {
    @Test
    void staticHostsOfTheSubnetAndRoutesWithTheDefaultRouteAmongTheClasslessRoutes() {
        Subnet subnet = new Subnet("s1", "10.0.0.0/24", "10.0.0.1", true, List.of("192.0.2.53", "192.0.2.54"),
                List.of(new Route("172.16.0.0/12", "10.0.0.9")));
        Dhcp dhcp = new Dhcp("p", "fa:16:3e:00:00:02", "10.0.0.2", "s1", List.of(
                new DhcpHost("FA:16:3E:00:00:05", "10.0.0.5", "Web 1"),
                new DhcpHost("fa:16:3e:00:00:06", "10.0.0.6", null),
                new DhcpHost("fa:16:3e:00:00:07", "10.9.0.7", "elsewhere")));
        Network network = new Network("n", "vxlan", 5, null, 1450, List.of(subnet), List.of(), List.of(), dhcp);

        DhcpConfig config = DhcpConfig.of(network, Path.of("/state/dhcp/n"), "ns-p");

        assertThat(config.arguments()).contains("--interface=ns-p", "--bind-interfaces", "--port=0",
                "--dhcp-range=set:subnet,10.0.0.0,static,255.255.255.0,86400s",
                "--dhcp-hostsfile=/state/dhcp/n/hosts", "--dhcp-optsfile=/state/dhcp/n/opts",
                "--pid-file=/state/dhcp/n/pid");
        assertThat(config.hostsFile()).isEqualTo("fa:16:3e:00:00:05,10.0.0.5,web-1\nfa:16:3e:00:00:06,10.0.0.6\n");
        assertThat(config.optionsFile()).isEqualTo("""
                tag:subnet,option:router,10.0.0.1
                tag:subnet,option:classless-static-route,169.254.169.254/32,10.0.0.2,172.16.0.0/12,10.0.0.9,\
                0.0.0.0/0,10.0.0.1
                tag:subnet,option:dns-server,192.0.2.53,192.0.2.54
                tag:subnet,option:mtu,1450
                """);
    }

    @Test
    void withoutGatewayOnlyTheMetadataRoute() {
        Subnet subnet = new Subnet("s1", "10.0.0.0/28", null, true, List.of(), List.of());
        Dhcp dhcp = new Dhcp("p", "fa:16:3e:00:00:02", "10.0.0.2", "s1", List.of());
        Network network = new Network("n", "vxlan", 5, null, 1400, List.of(subnet), List.of(), List.of(), dhcp);

        assertThat(DhcpConfig.of(network, Path.of("/d"), "ns-p").optionsFile()).isEqualTo("""
                tag:subnet,option:classless-static-route,169.254.169.254/32,10.0.0.2
                tag:subnet,option:mtu,1400
                """);
    }
}
