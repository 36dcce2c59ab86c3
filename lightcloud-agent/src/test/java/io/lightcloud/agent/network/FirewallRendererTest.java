package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.agent.network.NetworkDocument.AddressPair;
import io.lightcloud.agent.network.NetworkDocument.FixedIp;
import io.lightcloud.agent.network.NetworkDocument.Port;
import io.lightcloud.agent.network.NetworkDocument.Rule;
import io.lightcloud.agent.network.NetworkDocument.SecurityGroup;
import io.lightcloud.agent.process.ProcessRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class FirewallRendererTest {
    private static final String WEB = "11111111-2222-3333-4444-555555555555";
    private static final String DB = "99999999-2222-3333-4444-555555555555";
    private static final String PORT_A = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private static final String PORT_B = "bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee";
    private static final String OPEN = "cccccccc-bbbb-cccc-dddd-eeeeeeeeeeee";

    private final FirewallRenderer renderer = new FirewallRenderer();

    @Test
    void noSecuredPortsOnlyDeletesTheTables() {
        String script = renderer.render(List.of(port(OPEN, false, List.of())), groups(), List.of("lcbr-12345678"));
        assertThat(script).isEqualTo("""
                table bridge lightcloud
                delete table bridge lightcloud
                table inet lightcloud
                delete table inet lightcloud
                """);
    }

    @Test
    void antiSpoofingAllowsThePortsAndPairsAddressesOnly() {
        Port port = new Port(PORT_A, "n", "FA:16:3E:00:00:01", true, true, List.of(new FixedIp("s", "10.0.0.5")),
                List.of(new AddressPair("10.0.0.0/24", "fa:16:3e:00:00:99"), new AddressPair("10.0.0.7", null)),
                List.of(WEB));
        String script = renderer.render(List.of(port), groups(), List.of());
        assertThat(script).contains("iifname vmap { \"tapaaaaaaaa-bb\" : jump from_1 }")
                .contains("ether saddr != { fa:16:3e:00:00:01, fa:16:3e:00:00:99 } drop")
                .contains("arp saddr ip != { 10.0.0.0/24, 0.0.0.0 } drop")
                .as("addresses inside an allowed prefix are merged into it")
                .contains("ip saddr != { 10.0.0.0/24 } drop")
                .contains("ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 meta mark set "
                        + "0x00000001 accept")
                .contains("udp sport 67 drop")
                .contains("oifname \"tapaaaaaaaa-bb\" meta mark set meta mark or 0x00010000");
    }

    @Test
    void rulesBecomeEgressReturnsAndIngressAccepts() {
        String script = renderer.render(List.of(port(PORT_A, true, List.of(WEB)), port(PORT_B, true, List.of(DB)),
                port(OPEN, false, List.of(WEB))), groups(), List.of("lcbr-aaaaaaaa", "br-ex"));
        assertThat(script)
                .contains("ct zone set iifname map { \"br-ex\" : 1, \"lcbr-aaaaaaaa\" : 2 }")
                .contains("iifname \"lcvx-*\" meta mark set 0x00000000")
                .contains("iifname != { \"br-ex\", \"lcbr-aaaaaaaa\" } accept\n    meta mark 0 accept")
                .contains("set sg4_11111111_2222_3333_4444_555555555555 {\n    type ipv4_addr\n    flags interval\n"
                        + "    elements = { 10.0.0.5, 10.0.0.6 }\n  }")
                .contains("meta mark and 0x0000ffff vmap { 0x00000001 : jump egress_1, 0x00000002 : jump egress_2 }")
                .contains("chain ingress_1 {\n    meta nfproto ipv4 udp sport 67 udp dport 68 accept\n")
                .contains("meta nfproto ipv4 meta l4proto tcp tcp dport 80-81 accept\n")
                .contains("meta nfproto ipv4 ip saddr @sg4_99999999_2222_3333_4444_555555555555 meta l4proto icmp "
                        + "icmp type 8 accept\n")
                .contains("meta nfproto ipv4 ip daddr 192.168.0.0/16 return\n")
                .doesNotContain("cccccccc");
    }

    @Test
    void ruleMatchesCoverProtocolsAndRemotes() {
        assertThat(FirewallRenderer.matches(List.of(rule("ingress", "IPv4", "udp", 53, null, "0.0.0.0/0"))))
                .containsExactly("meta nfproto ipv4 meta l4proto udp udp dport 53 ");
        assertThat(FirewallRenderer.matches(List.of(rule("egress", "IPv6", "tcp", 22, 22, "2001:db8::/32"))))
                .containsExactly("meta nfproto ipv6 ip6 daddr 2001:db8::/32 meta l4proto tcp tcp dport 22 ");
        assertThat(FirewallRenderer.matches(List.of(rule("ingress", "IPv4", "6", null, null, "10.1.2.3/8"))))
                .containsExactly("meta nfproto ipv4 ip saddr 10.0.0.0/8 meta l4proto tcp ");
        assertThat(FirewallRenderer.matches(List.of(rule("ingress", "IPv4", "icmp", 3, 4, null))))
                .containsExactly("meta nfproto ipv4 meta l4proto icmp icmp type 3 icmp code 4 ");
        assertThat(FirewallRenderer.matches(List.of(rule("ingress", "IPv4", "gre", null, null, null))))
                .containsExactly("meta nfproto ipv4 meta l4proto 47 ");
        assertThat(FirewallRenderer.matches(List.of(rule("egress", "IPv4", null, null, null, null))))
                .containsExactly("meta nfproto ipv4 ");
        assertThatThrownBy(() -> FirewallRenderer.matches(
                List.of(rule("ingress", "IPv4", "tcp; drop", null, null, null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FirewallRenderer.matches(
                List.of(rule("ingress", "IPv4", "300", null, null, null))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rulesDifferingOnlyInPortsOrRemotePrefixesShareOneRuleWithASet() {
        List<Rule> rules = List.of(rule("ingress", "IPv4", "tcp", 443, 443, null),
                rule("ingress", "IPv4", "tcp", 80, 81, null),
                rule("ingress", "IPv4", "tcp", 82, 82, null),
                rule("ingress", "IPv4", "tcp", 8000, 8080, null),
                rule("ingress", "IPv4", "tcp", 8080, 8443, "0.0.0.0/0"),
                rule("ingress", "IPv4", "udp", 53, 53, null),
                rule("ingress", "IPv4", "tcp", 22, 22, "10.1.0.0/16"),
                rule("ingress", "IPv4", "tcp", 22, 22, "192.168.7.0/24"),
                rule("ingress", "IPv4", "tcp", 22, 22, "10.1.2.0/24"),
                rule("ingress", "IPv4", "tcp", null, null, "172.16.0.0/12"),
                rule("ingress", "IPv4", "tcp", 5432, 5432, "172.16.0.0/12"),
                new Rule("r", "ingress", "IPv4", "tcp", 9000, 9000, null, DB),
                new Rule("r", "ingress", "IPv4", "tcp", 9001, 9001, null, DB),
                rule("ingress", "IPv6", "tcp", 443, 443, null));
        assertThat(FirewallRenderer.matches(rules)).containsExactly(
                "meta nfproto ipv4 meta l4proto tcp tcp dport { 80-82, 443, 8000-8443 } ",
                "meta nfproto ipv4 meta l4proto udp udp dport 53 ",
                "meta nfproto ipv4 ip saddr @sg4_99999999_2222_3333_4444_555555555555 meta l4proto tcp "
                        + "tcp dport 9000-9001 ",
                "meta nfproto ipv6 meta l4proto tcp tcp dport 443 ",
                "meta nfproto ipv4 ip saddr { 10.1.0.0/16, 192.168.7.0/24 } meta l4proto tcp tcp dport 22 ",
                "meta nfproto ipv4 ip saddr 172.16.0.0/12 meta l4proto tcp ",
                "meta nfproto ipv4 ip saddr 172.16.0.0/12 meta l4proto tcp tcp dport 5432 ");

        List<Rule> thousand = IntStream.range(0, 1000)
                .mapToObj(i -> rule("ingress", "IPv4", "tcp", 20000 + 2 * i, 20000 + 2 * i, null)).toList();
        String script = renderer.render(List.of(port(PORT_A, true, List.of(WEB))),
                List.of(new SecurityGroup(WEB, thousand, List.of())), List.of());
        assertThat(script.lines().filter(l -> l.contains("tcp dport"))).as("one rule for 1,000 ports").hasSize(1);
    }

    @Test
    void overlappingPrefixesAreMergedForSets() {
        assertThat(IpPrefixes.merge(List.of("10.0.0.5", "10.0.0.0/24", "10.0.0.5", "10.1.0.1")))
                .containsExactly("10.0.0.0/24", "10.1.0.1");
        assertThat(IpPrefixes.merge(List.of("2001:db8::5", "2001:db8::/64", "fe80::/10", "fe80::1")))
                .containsExactly("fe80:0:0:0:0:0:0:0/10", "2001:db8:0:0:0:0:0:0/64");
        assertThat(IpPrefixes.matchesEthertype("10.0.0.0/8", "IPv6")).isFalse();
        assertThat(IpPrefixes.matchesEthertype("::/0", "IPv6")).isTrue();
    }

    @Test
    @Tag("network")
    void renderedScriptIsAcceptedByNft() throws Exception {
        LinuxNet.assumeUsable();
        try (LinuxNet net = new LinuxNet()) {
            String namespace = net.namespace("nft");
            List<SecurityGroup> groups = new ArrayList<>(groups());
            groups.add(new SecurityGroup(OPEN, List.of(rule("ingress", "IPv4", "tcp", 22, 22, "10.1.0.0/16"),
                    rule("ingress", "IPv4", "tcp", 22, 22, "192.168.7.0/24"),
                    rule("ingress", "IPv6", "tcp", 22, 22, "2001:db8::/32"),
                    rule("ingress", "IPv6", "tcp", 22, 22, "2001:db9::/32"),
                    rule("egress", "IPv4", "udp", 53, 53, null), rule("egress", "IPv4", "udp", 123, 124, null)),
                    List.of()));
            String script = renderer.render(List.of(port(PORT_A, true, List.of(WEB, OPEN)),
                    port(PORT_B, true, List.of(DB))), groups, List.of("lcbr-aaaaaaaa"));
            assertThat(script).contains("ip6 saddr { ").contains("udp dport { 53, 123-124 }");
            new ProcessRunner().run(List.of("ip", "netns", "exec", namespace, "nft", "-f", "-"), script,
                    Duration.ofSeconds(30));
            new ProcessRunner().run(List.of("ip", "netns", "exec", namespace, "nft", "-f", "-"), script,
                    Duration.ofSeconds(30));
            assertThat(net.nftTables(namespace)).contains("table bridge lightcloud").contains("table inet lightcloud");
        }
    }

    private static List<SecurityGroup> groups() {
        return List.of(
                new SecurityGroup(WEB, List.of(rule("ingress", "IPv4", "tcp", 80, 81, null),
                        rule("egress", "IPv4", null, null, null, "192.168.1.0/16")), List.of("10.0.0.5", "10.0.0.6")),
                new SecurityGroup(DB, List.of(new Rule("r", "ingress", "IPv4", "icmp", 8, null, null, DB),
                        rule("ingress", "IPv6", "tcp", 5432, 5432, null)), List.of("10.0.0.7", "2001:db8::7")));
    }

    private static Port port(String id, boolean secured, List<String> groups) {
        return new Port(id, "n", "fa:16:3e:00:00:0" + id.charAt(0), true, secured,
                List.of(new FixedIp("s", "10.0.0." + (id.charAt(0) - 'a' + 5))), List.of(), groups);
    }

    private static Rule rule(String direction, String ethertype, String protocol, Integer min, Integer max,
            String prefix) {
        return new Rule("r", direction, ethertype, protocol, min, max, prefix, null);
    }
}
