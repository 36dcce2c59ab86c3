package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class NetworkDocumentTest {
    @Test
    void parsesTheProtocolDocument() {
        String json = """
                {"generation": 17, "host": {"id": "h", "hostname": "node1", "tunnel_ip": "192.0.2.11"},
                 "networks": [{"id": "n1", "project_id": "p", "network_type": "vxlan", "segmentation_id": 1001,
                   "physical_network": null, "mtu": 1450, "admin_state_up": true,
                   "subnets": [{"id": "s1", "cidr": "10.0.0.0/24", "gateway_ip": "10.0.0.1", "enable_dhcp": true,
                                "dns_nameservers": ["192.0.2.53"],
                                "host_routes": [{"destination": "172.16.0.0/12", "nexthop": "10.0.0.9"}]}],
                   "peers": ["192.0.2.12"], "fdb": [{"mac_address": "fa:16:3e:00:00:09", "tunnel_ip": "192.0.2.12"}],
                   "dhcp": {"port_id": "d", "mac_address": "fa:16:3e:00:00:02", "ip_address": "10.0.0.2",
                            "subnet_id": "s1",
                            "hosts": [{"mac_address": "fa:16:3e:00:00:05", "ip_address": "10.0.0.5",
                                       "hostname": "web-1"}]}}],
                 "ports": [{"id": "p1", "network_id": "n1", "mac_address": "fa:16:3e:00:00:05", "device_id": "vm",
                   "device_owner": "compute:nova", "admin_state_up": true, "port_security_enabled": false,
                   "fixed_ips": [{"subnet_id": "s1", "ip_address": "10.0.0.5"}],
                   "allowed_address_pairs": [{"ip_address": "10.0.0.0/24", "mac_address": null}],
                   "security_groups": ["g1"]}],
                 "security_groups": [{"id": "g1", "rules": [{"id": "r1", "direction": "ingress", "ethertype": "IPv4",
                   "protocol": "tcp", "port_range_min": 80, "port_range_max": 80, "remote_ip_prefix": null,
                   "remote_group_id": null}], "member_ips": ["10.0.0.5"]}],
                 "routers": [{"id": "r", "admin_state_up": true, "enable_snat": false,
                   "gateway": {"network_id": "ext", "physical_network": "public", "port_id": "g",
                     "mac_address": "fa:16:3e:00:00:0a", "ip_address": "203.0.113.10", "cidr": "203.0.113.0/24",
                     "gateway_ip": "203.0.113.1"},
                   "interfaces": [{"port_id": "i", "network_id": "n1", "subnet_id": "s1",
                     "mac_address": "fa:16:3e:00:00:01", "ip_address": "10.0.0.1", "cidr": "10.0.0.0/24"}],
                   "routes": [{"destination": "192.168.50.0/24", "nexthop": "10.0.0.9"}],
                   "floating_ips": [{"id": "f", "floating_ip_address": "203.0.113.20",
                                     "fixed_ip_address": "10.0.0.5"}]}]}
                """;
        NetworkDocument document = NetworkDocument.parse(JsonMapper.builder().build().readTree(json));

        assertThat(document.generation()).isEqualTo(17);
        NetworkDocument.Network network = document.network("n1").orElseThrow();
        assertThat(network.isVxlan()).isTrue();
        assertThat(network.segmentationId()).isEqualTo(1001);
        assertThat(network.physicalNetwork()).isNull();
        assertThat(network.subnets().get(0).hostRoutes()).containsExactly(
                new NetworkDocument.Route("172.16.0.0/12", "10.0.0.9"));
        assertThat(network.fdb()).containsExactly(new NetworkDocument.FdbEntry("fa:16:3e:00:00:09", "192.0.2.12"));
        assertThat(network.dhcp().hosts()).containsExactly(
                new NetworkDocument.DhcpHost("fa:16:3e:00:00:05", "10.0.0.5", "web-1"));
        NetworkDocument.Port port = document.port("p1").orElseThrow();
        assertThat(port.portSecurityEnabled()).isFalse();
        assertThat(port.allowedAddressPairs()).containsExactly(new NetworkDocument.AddressPair("10.0.0.0/24", null));
        assertThat(document.securityGroups().get(0).rules().get(0).portRangeMin()).isEqualTo(80);
        assertThat(document.securityGroups().get(0).rules().get(0).remoteGroupId()).isNull();
        NetworkDocument.Router router = document.routers().get(0);
        assertThat(router.enableSnat()).isFalse();
        assertThat(router.gateway().gatewayIp()).isEqualTo("203.0.113.1");
        assertThat(router.floatingIps()).containsExactly(
                new NetworkDocument.FloatingIp("f", "203.0.113.20", "10.0.0.5"));
    }

    @Test
    void bridgeMappingsAndNames() {
        assertThat(NetworkSettings.parseBridgeMappings("public:br-ex, lab:br-lab"))
                .isEqualTo(Map.of("public", "br-ex", "lab", "br-lab"));
        assertThatThrownBy(() -> NetworkSettings.parseBridgeMappings("public")).isInstanceOf(
                IllegalArgumentException.class);
        DeviceNames names = new DeviceNames("hA-");
        assertThat(names.dhcpNamespace("0123456789abcdef")).isEqualTo("hA-lcdhcp-01234567");
        assertThat(names.isDhcpNamespace("hA-lcdhcp-01234567")).isTrue();
        assertThat(names.isDhcpNamespace("hB-lcdhcp-01234567")).isFalse();
        assertThat(names.isRouterNamespace(names.routerNamespace("abcdef0123"))).isTrue();
        assertThat(DeviceNames.tap("0123abcd-4567-89ab")).isEqualTo("tap0123abcd-45").matches(DeviceNames.TAP);
        assertThat(new NetworkSettings("192.0.2.1", Map.of(), Path.of("/s"), "", " ").hostNamespace()).isNull();
    }
}
