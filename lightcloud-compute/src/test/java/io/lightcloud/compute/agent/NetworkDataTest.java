package io.lightcloud.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.network.ServerNetworking.FixedIp;
import io.lightcloud.common.network.ServerNetworking.HostRoute;
import io.lightcloud.common.network.ServerNetworking.ServerPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkDataTest {
    private static final String PORT_ID = "5b1e7c2a-0d3f-4c55-9a41-0123456789ab";

    @Test
    void dhcpSubnetsAreAnnouncedAsDhcpAndStaticOnesWithAddressAndRoutes() {
        FixedIp dhcp = new FixedIp("s1", "10.0.0.5", 4, "10.0.0.0/24", "10.0.0.1", List.of("10.0.0.2"), List.of(),
                true);
        FixedIp fixed = new FixedIp("s2", "192.168.7.9", 4, "192.168.7.0/26", "192.168.7.1", List.of("10.0.0.2"),
                List.of(new HostRoute("172.16.0.0/12", "192.168.7.3")), false);
        ServerPort port = new ServerPort(PORT_ID, "net-1", "web", "fa:16:3e:00:00:01", 1450, true,
                List.of(dhcp, fixed), List.of(), List.of("default"), null);

        Map<String, Object> data = InstanceSpecs.networkData(List.of(port));

        assertThat(data.get("links")).isEqualTo(List.of(Map.of("id", "tap5b1e7c2a-0d", "vif_id", PORT_ID,
                "type", "bridge", "mtu", 1450, "ethernet_mac_address", "fa:16:3e:00:00:01")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> networks = (List<Map<String, Object>>) data.get("networks");
        assertThat(networks).hasSize(2);
        assertThat(networks.get(0)).containsEntry("type", "ipv4_dhcp").containsEntry("link", "tap5b1e7c2a-0d")
                .doesNotContainKey("ip_address");
        assertThat(networks.get(1)).containsEntry("type", "ipv4").containsEntry("ip_address", "192.168.7.9")
                .containsEntry("netmask", "255.255.255.192")
                .containsEntry("routes", List.of(
                        Map.of("network", "0.0.0.0", "netmask", "0.0.0.0", "gateway", "192.168.7.1"),
                        Map.of("network", "172.16.0.0", "netmask", "255.240.0.0", "gateway", "192.168.7.3")));
        assertThat(data.get("services")).isEqualTo(List.of(Map.of("type", "dns", "address", "10.0.0.2")));
    }

    @Test
    void aServerWithoutPortsHasEmptyNetworkData() {
        assertThat(InstanceSpecs.networkData(List.of()))
                .isEqualTo(Map.of("links", List.of(), "networks", List.of(), "services", List.of()));
    }
}
