package io.lightcloud.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.OpenstackCli;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The network service through the real openstack CLI. */
class NetworkCliTest extends ServerTestBase {
    @Test
    void openstackCliManagesNetworksSubnetsPortsAndSecurityGroups() {
        OpenstackCli cli = OpenstackCli.admin(api().baseUrl(), ADMIN_PASSWORD);
        assertThat(column(cli.json("catalog", "list"), "Type")).contains("network");
        String net = unique("cli-net");
        JsonNode network = cli.json("network", "create", "--description", "cli", net);
        assertThat(network.get("provider:network_type").stringValue()).isEqualTo("vxlan");
        assertThat(column(cli.json("network", "list"), "Name")).contains(net);
        cli.ok("network", "set", "--name", net + "-x", net);
        net = net + "-x";
        assertThat(cli.json("network", "show", net).get("name").stringValue()).isEqualTo(net);

        String sub = unique("cli-sub");
        JsonNode subnet = cli.json("subnet", "create", "--network", net, "--subnet-range", "10.100.0.0/24",
                "--dns-nameserver", "192.0.2.53", sub);
        assertThat(subnet.get("gateway_ip").stringValue()).isEqualTo("10.100.0.1");
        cli.ok("subnet", "set", "--name", sub + "-x", sub);
        sub = sub + "-x";
        assertThat(column(cli.json("subnet", "list", "--network", net), "Name")).containsExactly(sub);
        assertThat(cli.json("subnet", "show", sub).get("cidr").stringValue()).isEqualTo("10.100.0.0/24");

        String group = unique("cli-sg");
        cli.json("security", "group", "create", group);
        JsonNode rule = cli.json("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "22",
                "--remote-ip", "0.0.0.0/0", group);
        assertThat(rule.get("port_range_min").intValue()).isEqualTo(22);
        assertThat(cli.run("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "22",
                "--remote-ip", "0.0.0.0/0", group).exitCode()).isNotZero();
        assertThat(cli.json("security", "group", "rule", "list", group)).hasSizeGreaterThanOrEqualTo(3);
        cli.ok("security", "group", "set", "--description", "ssh", group);
        assertThat(cli.json("security", "group", "show", group).get("description").stringValue()).isEqualTo("ssh");

        String port = unique("cli-port");
        JsonNode created = cli.json("port", "create", "--network", net, "--fixed-ip", "subnet=" + sub
                + ",ip-address=10.100.0.10", "--security-group", group, port);
        assertThat(created.toString()).contains("10.100.0.10");
        cli.ok("port", "set", "--description", "p", port);
        assertThat(cli.json("port", "show", port).get("description").stringValue()).isEqualTo("p");
        assertThat(column(cli.json("port", "list", "--network", net), "Name")).contains(port);

        cli.ok("port", "delete", port);
        cli.ok("security", "group", "rule", "delete", rule.get("id").stringValue());
        cli.ok("security", "group", "delete", group);
        cli.ok("subnet", "delete", sub);
        cli.ok("network", "delete", net);
        assertThat(column(cli.json("network", "list"), "Name")).doesNotContain(net);
    }

    @Test
    void openstackCliRoutesAndFloatsAddresses() {
        OpenstackCli cli = OpenstackCli.admin(api().baseUrl(), ADMIN_PASSWORD);
        String physical = unique("phys");
        String external = unique("cli-ext");
        cli.json("network", "create", "--external", "--provider-network-type", "flat",
                "--provider-physical-network", physical, external);
        cli.json("subnet", "create", "--network", external, "--subnet-range", "203.0.113.0/24", "--no-dhcp",
                unique("cli-ext-sub"));
        String net = unique("cli-inner");
        cli.json("network", "create", net);
        String sub = unique("cli-inner-sub");
        cli.json("subnet", "create", "--network", net, "--subnet-range", "10.101.0.0/24", sub);
        String router = unique("cli-router");
        cli.json("router", "create", router);
        cli.ok("router", "set", "--external-gateway", external, router);
        cli.ok("router", "add", "subnet", router, sub);
        JsonNode shown = cli.json("router", "show", router);
        assertThat(shown.toString()).contains("203.0.113.").contains("10.101.0.1");
        assertThat(column(cli.json("router", "list"), "Name")).contains(router);

        String port = unique("cli-vm-port");
        cli.json("port", "create", "--network", net, port);
        JsonNode floating = cli.json("floating", "ip", "create", external);
        String address = floating.get("floating_ip_address").stringValue();
        assertThat(address).startsWith("203.0.113.");
        cli.ok("floating", "ip", "set", "--port", port, address);
        JsonNode associated = cli.json("floating", "ip", "show", address);
        assertThat(associated.get("fixed_ip_address").stringValue()).startsWith("10.101.0.");
        assertThat(column(cli.json("floating", "ip", "list"), "Floating IP Address")).contains(address);
        cli.ok("floating", "ip", "unset", "--port", address);
        assertThat(cli.json("floating", "ip", "show", address).get("port_id").isNull()).isTrue();

        cli.ok("floating", "ip", "delete", address);
        cli.ok("port", "delete", port);
        cli.ok("router", "remove", "subnet", router, sub);
        cli.ok("router", "unset", "--external-gateway", router);
        cli.ok("router", "delete", router);
        assertThat(column(cli.json("router", "list"), "Name")).doesNotContain(router);
    }

    @Test
    void quotaShowIncludesNetworkQuotas() {
        OpenstackCli cli = OpenstackCli.admin(api().baseUrl(), ADMIN_PASSWORD);
        JsonNode quota = cli.json("quota", "show");
        assertThat(quota.toString()).contains("\"networks\"").contains("\"ports\"")
                .contains("\"secgroup-rules\"");
        assertThat(quota.get("networks").intValue()).isEqualTo(100);
    }

    @Test
    void otherProjectsSeeNothingAndMembersCannotMakeProviderNetworks() {
        OpenstackCli admin = OpenstackCli.admin(api().baseUrl(), ADMIN_PASSWORD);
        String hidden = unique("cli-hidden");
        String hiddenId = admin.json("network", "create", hidden).get("id").stringValue();

        IdentityFixture identity = new IdentityFixture(api(), adminToken());
        String projectName = unique("cli-tenant");
        String project = identity.project(projectName);
        String user = unique("cli-user");
        identity.grant(project, identity.user(user, "pw-cli"), "member");
        OpenstackCli member = OpenstackCli.forUser(api().baseUrl(), user, "pw-cli", projectName);

        OpenstackCli.Result missing = member.run("network", "show", hiddenId);
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("No Network found");
        assertThat(column(member.json("network", "list"), "ID")).doesNotContain(hiddenId);

        OpenstackCli.Result flat = member.run("network", "create", "--provider-network-type", "flat",
                "--provider-physical-network", "public", unique("cli-flat"));
        assertThat(flat.exitCode()).isNotZero();
        assertThat(flat.stderr()).contains("403");
        OpenstackCli.Result externalNet = member.run("network", "create", "--external", unique("cli-extnet"));
        assertThat(externalNet.exitCode()).isNotZero();
        assertThat(externalNet.stderr()).contains("403");
        admin.ok("network", "delete", hidden);
    }

    private static List<String> column(JsonNode rows, String name) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.get(name).isNull() ? null : row.get(name).asString()));
        return values;
    }
}
