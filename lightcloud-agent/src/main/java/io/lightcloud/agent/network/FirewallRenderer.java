package io.lightcloud.agent.network;

import io.lightcloud.agent.network.NetworkDocument.AddressPair;
import io.lightcloud.agent.network.NetworkDocument.FixedIp;
import io.lightcloud.agent.network.NetworkDocument.Port;
import io.lightcloud.agent.network.NetworkDocument.Rule;
import io.lightcloud.agent.network.NetworkDocument.SecurityGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders the security groups and anti-spoofing of the host's VM ports as one {@code nft -f} script that replaces the
 * agent's tables in a single transaction. Pure: document in, text out.
 *
 * <p>Two tables, because connection tracking of bridged traffic in the {@code bridge} family needs
 * {@code nf_conntrack_bridge}, which not every kernel has; {@code br_netfilter} (bridged IPv4/IPv6 through the
 * {@code inet} hooks) is the portable way to be stateful:
 *
 * <ul>
 *   <li>{@code bridge lightcloud}: anti-spoofing of frames entering from a tap (MAC, ARP, source address, DHCP
 *       server replies), which also stamps the packet mark with the sending port's index (low 16 bits); the forward
 *       hook stamps the receiving tap's index (high 16 bits). Both run before {@code br_netfilter}.
 *   <li>{@code inet lightcloud}: per-network conntrack zones (overlapping tenant subnets stay apart), then for marked
 *       packets {@code ct state established,related accept}, {@code invalid drop}, the sender's egress rules and the
 *       receiver's ingress rules, default drop.
 * </ul>
 */
public final class FirewallRenderer {
    public static final String BRIDGE_TABLE = "lightcloud";
    public static final String INET_TABLE = "lightcloud";
    /** The protocol names the Networking API accepts, as numbers, so that nft needs no /etc/protocols entry. */
    private static final Map<String, Integer> PROTOCOL_NUMBERS = Map.ofEntries(Map.entry("hopopt", 0),
            Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("ipip", 4), Map.entry("tcp", 6),
            Map.entry("egp", 8), Map.entry("udp", 17), Map.entry("ipv6-encap", 41), Map.entry("ipv6-route", 43),
            Map.entry("ipv6-frag", 44), Map.entry("rsvp", 46), Map.entry("gre", 47), Map.entry("esp", 50),
            Map.entry("ah", 51), Map.entry("icmpv6", 58), Map.entry("ipv6-icmp", 58), Map.entry("ipv6-nonxt", 59),
            Map.entry("ipv6-opts", 60), Map.entry("ospf", 89), Map.entry("pgm", 113), Map.entry("vrrp", 112),
            Map.entry("sctp", 132), Map.entry("udplite", 136), Map.entry("dccp", 33));
    private static final Pattern PROTOCOL_NUMBER = Pattern.compile("[0-9]{1,3}");

    /** {@code bridges} are the names of the host's network bridges, each given its own conntrack zone. */
    public String render(List<Port> ports, List<SecurityGroup> groups, List<String> bridges) {
        StringBuilder out = new StringBuilder();
        // "add, then delete" makes the delete succeed whether or not the table exists, in the same transaction.
        out.append("table bridge ").append(BRIDGE_TABLE).append('\n');
        out.append("delete table bridge ").append(BRIDGE_TABLE).append('\n');
        out.append("table inet ").append(INET_TABLE).append('\n');
        out.append("delete table inet ").append(INET_TABLE).append('\n');
        List<Port> secured = ports.stream().filter(Port::portSecurityEnabled)
                .sorted(Comparator.comparing(Port::id)).toList();
        if (secured.isEmpty()) {
            return out.toString();
        }
        Map<String, SecurityGroup> groupsById = new LinkedHashMap<>();
        groups.forEach(g -> groupsById.put(g.id(), g));
        List<String> sortedBridges = bridges.stream().distinct().sorted().toList();
        renderBridgeTable(out, secured);
        renderInetTable(out, secured, groupsById, sortedBridges);
        return out.toString();
    }

    private static void renderBridgeTable(StringBuilder out, List<Port> secured) {
        out.append("table bridge ").append(BRIDGE_TABLE).append(" {\n");
        out.append("  chain prerouting {\n");
        out.append("    type filter hook prerouting priority -200; policy accept;\n");
        // A mark kept through VXLAN decapsulation (set on the underlay packet) must not pose as a port index.
        out.append("    iifname \"lcvx-*\" meta mark set 0x00000000\n");
        out.append("    iifname vmap { ");
        out.append(indexed(secured, (port, index) -> quote(DeviceNames.tap(port.id())) + " : jump from_" + index));
        out.append(" }\n  }\n");
        out.append("  chain forward {\n");
        out.append("    type filter hook forward priority -200; policy accept;\n");
        for (int i = 0; i < secured.size(); i++) {
            out.append("    oifname ").append(quote(DeviceNames.tap(secured.get(i).id())))
                    .append(" meta mark set meta mark or ").append(hex((i + 1) << 16)).append('\n');
        }
        out.append("  }\n");
        for (int i = 0; i < secured.size(); i++) {
            renderAntiSpoofing(out, secured.get(i), i + 1);
        }
        out.append("}\n");
    }

    private static void renderAntiSpoofing(StringBuilder out, Port port, int index) {
        Set<String> macs = new LinkedHashSet<>();
        macs.add(port.macAddress().toLowerCase(Locale.ROOT));
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (FixedIp ip : port.fixedIps()) {
            (Ipv4Cidr.isIpv4(ip.ipAddress()) ? v4 : v6).add(ip.ipAddress());
        }
        for (AddressPair pair : port.allowedAddressPairs()) {
            if (pair.macAddress() != null) {
                macs.add(pair.macAddress().toLowerCase(Locale.ROOT));
            }
            (Ipv4Cidr.isIpv4(pair.ipAddress()) ? v4 : v6).add(pair.ipAddress());
        }
        List<String> v4Sources = IpPrefixes.merge(v4);
        List<String> arpSources = new ArrayList<>(v4Sources);
        arpSources.add("0.0.0.0");
        List<String> v6Sources = new ArrayList<>(v6);
        v6Sources.add("::");
        v6Sources.add("fe80::/10");
        v6Sources = IpPrefixes.merge(v6Sources);
        out.append("  chain from_").append(index).append(" {\n");
        out.append("    ether saddr != ").append(set(macs)).append(" drop\n");
        out.append("    ether type != { ip, arp, ip6 } drop\n");
        out.append("    arp saddr ether != ").append(set(macs)).append(" drop\n");
        out.append("    arp saddr ip != ").append(set(IpPrefixes.merge(arpSources))).append(" drop\n");
        out.append("    ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 meta mark set ")
                .append(hex(index)).append(" accept\n");
        out.append("    ip saddr != ").append(set(v4Sources.isEmpty() ? List.of("0.0.0.0/32") : v4Sources))
                .append(" drop\n");
        out.append("    ip6 saddr != ").append(set(v6Sources)).append(" drop\n");
        out.append("    udp sport 67 drop\n");
        out.append("    udp sport 547 drop\n");
        out.append("    meta mark set ").append(hex(index)).append('\n');
        out.append("  }\n");
    }

    private static void renderInetTable(StringBuilder out, List<Port> secured, Map<String, SecurityGroup> groups,
            List<String> bridges) {
        out.append("table inet ").append(INET_TABLE).append(" {\n");
        for (SecurityGroup group : groups.values()) {
            List<String> v4 = group.memberIps().stream().filter(Ipv4Cidr::isIpv4).toList();
            List<String> v6 = group.memberIps().stream().filter(ip -> !Ipv4Cidr.isIpv4(ip)).toList();
            renderSet(out, setName(group.id(), "IPv4"), "ipv4_addr", IpPrefixes.merge(v4));
            renderSet(out, setName(group.id(), "IPv6"), "ipv6_addr", IpPrefixes.merge(v6));
        }
        if (!bridges.isEmpty()) {
            out.append("  chain zones {\n");
            out.append("    type filter hook prerouting priority -300; policy accept;\n");
            out.append("    ct zone set iifname map { ");
            out.append(indexed(bridges, (bridge, index) -> quote(bridge) + " : " + index));
            out.append(" }\n  }\n");
        }
        out.append("  chain forward {\n");
        out.append("    type filter hook forward priority 0; policy accept;\n");
        if (!bridges.isEmpty()) {
            // Bridged packets come through br_netfilter with the bridge as their devices; the host's routed
            // traffic is none of our business.
            out.append("    iifname != ").append(set(bridges.stream().map(FirewallRenderer::quote).toList()))
                    .append(" accept\n");
        }
        out.append("    meta mark 0 accept\n");
        out.append("    ct state established,related accept\n");
        out.append("    ct state invalid drop\n");
        out.append("    meta mark and 0x0000ffff vmap { ")
                .append(indexed(secured, (port, index) -> hex(index) + " : jump egress_" + index)).append(" }\n");
        out.append("    meta mark and 0xffff0000 vmap { ")
                .append(indexed(secured, (port, index) -> hex(index << 16) + " : jump ingress_" + index))
                .append(" }\n");
        out.append("  }\n");
        for (int i = 0; i < secured.size(); i++) {
            Port port = secured.get(i);
            // A remote prefix of the other family can match nothing (the API refuses such rules anyway).
            List<Rule> rules = port.securityGroups().stream().filter(groups::containsKey)
                    .flatMap(id -> groups.get(id).rules().stream())
                    .filter(r -> r.remoteIpPrefix() == null
                            || IpPrefixes.matchesEthertype(r.remoteIpPrefix(), r.ethertype()))
                    .toList();
            // A rule passed on egress returns to the forward chain so that the receiver's ingress rules still apply.
            out.append("  chain egress_").append(i + 1).append(" {\n");
            out.append("    meta nfproto ipv4 udp sport 68 udp dport 67 return\n");
            out.append("    meta nfproto ipv6 udp sport 546 udp dport 547 return\n");
            out.append("    meta nfproto ipv6 icmpv6 type { nd-router-solicit, nd-neighbor-solicit, "
                    + "nd-neighbor-advert } return\n");
            matches(rules.stream().filter(r -> !r.ingress()).toList())
                    .forEach(m -> out.append("    ").append(m).append("return\n"));
            out.append("    drop\n  }\n");
            out.append("  chain ingress_").append(i + 1).append(" {\n");
            out.append("    meta nfproto ipv4 udp sport 67 udp dport 68 accept\n");
            out.append("    meta nfproto ipv6 icmpv6 type { nd-router-advert, nd-neighbor-solicit, "
                    + "nd-neighbor-advert } accept\n");
            matches(rules.stream().filter(Rule::ingress).toList())
                    .forEach(m -> out.append("    ").append(m).append("accept\n"));
            out.append("    drop\n  }\n");
        }
        out.append("}\n");
    }

    /**
     * The match parts of a port's rules of one direction, each ending with a space (just the family for "anything of
     * this ethertype"). Every rule of a chain has the same verdict, so rules may be merged and reordered: rules that
     * differ only in their port range become one rule with a set of ranges, then rules that differ only in their remote
     * prefix one rule with a set of prefixes. A new connection then meets one rule per distinct remote and protocol
     * instead of one per API rule, however many ports or prefixes the groups list.
     */
    static List<String> matches(List<Rule> rules) {
        // Head (everything but the port range) to the port ranges, or to null for a rule without ports.
        Map<Split, List<PortRange>> rangesByHead = new LinkedHashMap<>();
        for (Rule rule : rules) {
            Split split = split(rule);
            if (split.ports() == null) {
                rangesByHead.put(split, null);
            } else {
                rangesByHead.computeIfAbsent(split.withoutPorts(), h -> new ArrayList<>()).add(split.ports());
            }
        }
        // Family, remote field and what follows the remote, to the remote prefixes.
        Map<List<String>, List<String>> prefixesByRest = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        rangesByHead.forEach((head, ranges) -> {
            String rest = head.protocol() + (ranges == null ? "" : head.portField() + ' ' + portSet(ranges) + ' ');
            if (head.remotePrefix() == null) {
                lines.add(head.family() + (head.remoteField() == null ? ""
                        : head.remoteField() + ' ' + head.remoteSet() + ' ') + rest);
            } else {
                prefixesByRest.computeIfAbsent(List.of(head.family(), head.remoteField(), rest),
                        k -> new ArrayList<>()).add(head.remotePrefix());
            }
        });
        prefixesByRest.forEach((key, prefixes) -> {
            List<String> merged = prefixes.size() == 1 ? prefixes : IpPrefixes.merge(prefixes);
            lines.add(key.get(0) + key.get(1) + ' ' + (merged.size() == 1 ? merged.get(0) : set(merged)) + ' '
                    + key.get(2));
        });
        return lines;
    }

    /**
     * One rule's match in parts: {@code family} ("meta nfproto ipv4 "), the remote ({@code remoteField} such as
     * "ip saddr" with either a {@code remotePrefix} or a {@code remoteSet}, or none), {@code protocol} ("meta l4proto
     * tcp ", with ICMP type and code) and the destination port range ({@code portField} such as "tcp dport", or none).
     */
    private record Split(String family, String remoteField, String remotePrefix, String remoteSet, String protocol,
            String portField, PortRange ports) {
        Split withoutPorts() {
            return new Split(family, remoteField, remotePrefix, remoteSet, protocol, portField, null);
        }
    }

    private record PortRange(int min, int max) {
        @Override
        public String toString() {
            return min == max ? String.valueOf(min) : min + "-" + max;
        }
    }

    private static Split split(Rule rule) {
        boolean v6 = rule.ethertype().equalsIgnoreCase("IPv6");
        String family = v6 ? "meta nfproto ipv6 " : "meta nfproto ipv4 ";
        String remoteField = null;
        String remotePrefix = null;
        String remoteSet = null;
        if (rule.remoteIpPrefix() != null) {
            String prefix = v6 ? rule.remoteIpPrefix() : Ipv4Cidr.parse(rule.remoteIpPrefix()).network().toString();
            if (!prefix.equals("0.0.0.0/0") && !prefix.equals("::/0")) {
                remoteField = (v6 ? "ip6 " : "ip ") + (rule.ingress() ? "saddr" : "daddr");
                remotePrefix = prefix;
            }
        } else if (rule.remoteGroupId() != null) {
            remoteField = (v6 ? "ip6 " : "ip ") + (rule.ingress() ? "saddr" : "daddr");
            remoteSet = "@" + setName(rule.remoteGroupId(), rule.ethertype());
        }
        String protocol = rule.protocol() == null ? null : rule.protocol().toLowerCase(Locale.ROOT);
        if (protocol == null || protocol.equals("any") || protocol.isEmpty()) {
            return new Split(family, remoteField, remotePrefix, remoteSet, "", null, null);
        }
        Integer number = PROTOCOL_NUMBER.matcher(protocol).matches() ? Integer.valueOf(protocol)
                : PROTOCOL_NUMBERS.get(protocol);
        if (number == null || number > 255) {
            throw new IllegalArgumentException("unsupported protocol " + rule.protocol() + " in rule " + rule.id());
        }
        StringBuilder m = new StringBuilder();
        String portField = null;
        PortRange ports = null;
        switch (number) {
            case 6, 17, 132 -> {
                String name = number == 6 ? "tcp" : number == 17 ? "udp" : "sctp";
                m.append("meta l4proto ").append(name).append(' ');
                if (rule.portRangeMin() != null) {
                    portField = name + " dport";
                    ports = new PortRange(rule.portRangeMin(),
                            rule.portRangeMax() != null ? rule.portRangeMax() : rule.portRangeMin());
                }
            }
            case 1, 58 -> {
                String icmp = v6 ? "icmpv6" : "icmp";
                m.append("meta l4proto ").append(v6 ? "ipv6-icmp" : "icmp").append(' ');
                if (rule.portRangeMin() != null) {
                    m.append(icmp).append(" type ").append(rule.portRangeMin()).append(' ');
                    if (rule.portRangeMax() != null) {
                        m.append(icmp).append(" code ").append(rule.portRangeMax()).append(' ');
                    }
                }
            }
            default -> m.append("meta l4proto ").append(number).append(' ');
        }
        return new Split(family, remoteField, remotePrefix, remoteSet, m.toString(), portField, ports);
    }

    /** Port ranges as one range or a set, overlapping and adjacent ranges joined (set elements must not overlap). */
    private static String portSet(List<PortRange> ranges) {
        List<PortRange> joined = new ArrayList<>();
        for (PortRange range : ranges.stream().sorted(Comparator.comparingInt(PortRange::min)).toList()) {
            PortRange last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && range.min() <= last.max() + 1) {
                joined.set(joined.size() - 1, new PortRange(last.min(), Math.max(last.max(), range.max())));
            } else {
                joined.add(range);
            }
        }
        List<String> elements = joined.stream().map(PortRange::toString).toList();
        return elements.size() == 1 ? elements.get(0) : set(elements);
    }

    static String setName(String groupId, String ethertype) {
        return (ethertype.equalsIgnoreCase("IPv6") ? "sg6_" : "sg4_") + groupId.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static void renderSet(StringBuilder out, String name, String type, List<String> elements) {
        out.append("  set ").append(name).append(" {\n    type ").append(type).append("\n    flags interval\n");
        if (!elements.isEmpty()) {
            out.append("    elements = ").append(set(elements)).append('\n');
        }
        out.append("  }\n");
    }

    private interface IndexedFormat<T> {
        String format(T item, int index);
    }

    private static <T> String indexed(List<T> items, IndexedFormat<T> format) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            parts.add(format.format(items.get(i), i + 1));
        }
        return String.join(", ", parts);
    }

    private static String set(Iterable<String> elements) {
        List<String> list = new ArrayList<>();
        elements.forEach(list::add);
        return list.stream().collect(Collectors.joining(", ", "{ ", " }"));
    }

    private static String quote(String name) {
        return "\"" + name + "\"";
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
