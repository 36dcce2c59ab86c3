package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The per-host desired network state of {@code docs/network-agent-protocol.md}, parsed into immutable records. Only
 * what the data plane uses is kept.
 */
public record NetworkDocument(long generation, List<Network> networks, List<Port> ports,
        List<SecurityGroup> securityGroups, List<Router> routers) {
    public NetworkDocument {
        networks = List.copyOf(networks);
        ports = List.copyOf(ports);
        securityGroups = List.copyOf(securityGroups);
        routers = List.copyOf(routers);
    }

    public static NetworkDocument empty() {
        return new NetworkDocument(0, List.of(), List.of(), List.of(), List.of());
    }

    public Optional<Network> network(String id) {
        return networks.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public Optional<Port> port(String id) {
        return ports.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public static NetworkDocument parse(JsonNode json) {
        List<Network> networks = new ArrayList<>();
        json.path("networks").forEach(n -> networks.add(Network.parse(n)));
        List<Port> ports = new ArrayList<>();
        json.path("ports").forEach(p -> ports.add(Port.parse(p)));
        List<SecurityGroup> groups = new ArrayList<>();
        json.path("security_groups").forEach(g -> groups.add(SecurityGroup.parse(g)));
        List<Router> routers = new ArrayList<>();
        json.path("routers").forEach(r -> routers.add(Router.parse(r)));
        return new NetworkDocument(json.path("generation").asLong(), networks, ports, groups, routers);
    }

    public record Network(String id, String networkType, Integer segmentationId, String physicalNetwork, int mtu,
            List<Subnet> subnets, List<String> peers, List<FdbEntry> fdb, Dhcp dhcp) {
        public Network {
            requireNonNull(id, "id");
            requireNonNull(networkType, "networkType");
            subnets = List.copyOf(subnets);
            peers = List.copyOf(peers);
            fdb = List.copyOf(fdb);
        }

        public boolean isVxlan() {
            return networkType.equals("vxlan");
        }

        public Optional<Subnet> subnet(String subnetId) {
            return subnets.stream().filter(s -> s.id().equals(subnetId)).findFirst();
        }

        static Network parse(JsonNode n) {
            List<Subnet> subnets = new ArrayList<>();
            n.path("subnets").forEach(s -> subnets.add(Subnet.parse(s)));
            List<FdbEntry> fdb = new ArrayList<>();
            n.path("fdb").forEach(f -> fdb.add(new FdbEntry(text(f, "mac_address"), text(f, "tunnel_ip"))));
            return new Network(text(n, "id"), n.path("network_type").asString("vxlan"),
                    n.path("segmentation_id").isNumber() ? n.path("segmentation_id").asInt() : null,
                    text(n, "physical_network"), n.path("mtu").asInt(1450), subnets, strings(n.path("peers")), fdb,
                    n.path("dhcp").isObject() ? Dhcp.parse(n.path("dhcp")) : null);
        }
    }

    public record Subnet(String id, String cidr, String gatewayIp, boolean enableDhcp, List<String> dnsNameservers,
            List<Route> hostRoutes) {
        public Subnet {
            requireNonNull(id, "id");
            requireNonNull(cidr, "cidr");
            dnsNameservers = List.copyOf(dnsNameservers);
            hostRoutes = List.copyOf(hostRoutes);
        }

        static Subnet parse(JsonNode s) {
            return new Subnet(text(s, "id"), text(s, "cidr"), text(s, "gateway_ip"),
                    s.path("enable_dhcp").asBoolean(true), strings(s.path("dns_nameservers")),
                    parseRoutes(s.path("host_routes")));
        }
    }

    public record Route(String destination, String nexthop) {
        public Route {
            requireNonNull(destination, "destination");
            requireNonNull(nexthop, "nexthop");
        }
    }

    public record FdbEntry(String macAddress, String tunnelIp) {
        public FdbEntry {
            requireNonNull(macAddress, "macAddress");
            requireNonNull(tunnelIp, "tunnelIp");
        }
    }

    public record Dhcp(String portId, String macAddress, String ipAddress, String subnetId, List<DhcpHost> hosts) {
        public Dhcp {
            requireNonNull(portId, "portId");
            requireNonNull(macAddress, "macAddress");
            requireNonNull(ipAddress, "ipAddress");
            requireNonNull(subnetId, "subnetId");
            hosts = List.copyOf(hosts);
        }

        static Dhcp parse(JsonNode d) {
            List<DhcpHost> hosts = new ArrayList<>();
            d.path("hosts").forEach(h -> hosts.add(
                    new DhcpHost(text(h, "mac_address"), text(h, "ip_address"), text(h, "hostname"))));
            return new Dhcp(text(d, "port_id"), text(d, "mac_address"), text(d, "ip_address"), text(d, "subnet_id"),
                    hosts);
        }
    }

    /** {@code hostname} may be null. */
    public record DhcpHost(String macAddress, String ipAddress, String hostname) {
        public DhcpHost {
            requireNonNull(macAddress, "macAddress");
            requireNonNull(ipAddress, "ipAddress");
        }
    }

    public record Port(String id, String networkId, String macAddress, boolean adminStateUp,
            boolean portSecurityEnabled, List<FixedIp> fixedIps, List<AddressPair> allowedAddressPairs,
            List<String> securityGroups) {
        public Port {
            requireNonNull(id, "id");
            requireNonNull(networkId, "networkId");
            requireNonNull(macAddress, "macAddress");
            fixedIps = List.copyOf(fixedIps);
            allowedAddressPairs = List.copyOf(allowedAddressPairs);
            securityGroups = List.copyOf(securityGroups);
        }

        static Port parse(JsonNode p) {
            List<FixedIp> ips = new ArrayList<>();
            p.path("fixed_ips").forEach(i -> ips.add(new FixedIp(text(i, "subnet_id"), text(i, "ip_address"))));
            List<AddressPair> pairs = new ArrayList<>();
            p.path("allowed_address_pairs").forEach(a -> pairs.add(
                    new AddressPair(text(a, "ip_address"), text(a, "mac_address"))));
            return new Port(text(p, "id"), text(p, "network_id"), text(p, "mac_address"),
                    p.path("admin_state_up").asBoolean(true), p.path("port_security_enabled").asBoolean(true), ips,
                    pairs, strings(p.path("security_groups")));
        }
    }

    public record FixedIp(String subnetId, String ipAddress) {
        public FixedIp {
            requireNonNull(ipAddress, "ipAddress");
        }
    }

    /** {@code macAddress} null means the port's own MAC. */
    public record AddressPair(String ipAddress, String macAddress) {
        public AddressPair {
            requireNonNull(ipAddress, "ipAddress");
        }
    }

    public record SecurityGroup(String id, List<Rule> rules, List<String> memberIps) {
        public SecurityGroup {
            requireNonNull(id, "id");
            rules = List.copyOf(rules);
            memberIps = List.copyOf(memberIps);
        }

        static SecurityGroup parse(JsonNode g) {
            List<Rule> rules = new ArrayList<>();
            g.path("rules").forEach(r -> rules.add(new Rule(text(r, "id"), text(r, "direction"),
                    r.path("ethertype").asString("IPv4"), text(r, "protocol"),
                    r.path("port_range_min").isNumber() ? r.path("port_range_min").asInt() : null,
                    r.path("port_range_max").isNumber() ? r.path("port_range_max").asInt() : null,
                    text(r, "remote_ip_prefix"), text(r, "remote_group_id"))));
            return new SecurityGroup(text(g, "id"), rules, strings(g.path("member_ips")));
        }
    }

    /** {@code protocol}, the port range, and both remotes may be null (any). */
    public record Rule(String id, String direction, String ethertype, String protocol, Integer portRangeMin,
            Integer portRangeMax, String remoteIpPrefix, String remoteGroupId) {
        public Rule {
            requireNonNull(direction, "direction");
            requireNonNull(ethertype, "ethertype");
        }

        public boolean ingress() {
            return direction.equals("ingress");
        }
    }

    public record Router(String id, boolean adminStateUp, boolean enableSnat, Gateway gateway,
            List<RouterInterface> interfaces, List<Route> routes, List<FloatingIp> floatingIps) {
        public Router {
            requireNonNull(id, "id");
            interfaces = List.copyOf(interfaces);
            routes = List.copyOf(routes);
            floatingIps = List.copyOf(floatingIps);
        }

        static Router parse(JsonNode r) {
            JsonNode g = r.path("gateway");
            Gateway gateway = g.isObject() ? new Gateway(text(g, "network_id"), text(g, "physical_network"),
                    text(g, "port_id"), text(g, "mac_address"), text(g, "ip_address"), text(g, "cidr"),
                    text(g, "gateway_ip")) : null;
            List<RouterInterface> interfaces = new ArrayList<>();
            r.path("interfaces").forEach(i -> interfaces.add(new RouterInterface(text(i, "port_id"),
                    text(i, "network_id"), text(i, "subnet_id"), text(i, "mac_address"), text(i, "ip_address"),
                    text(i, "cidr"))));
            List<FloatingIp> fips = new ArrayList<>();
            r.path("floating_ips").forEach(f -> fips.add(new FloatingIp(text(f, "id"),
                    text(f, "floating_ip_address"), text(f, "fixed_ip_address"))));
            return new Router(text(r, "id"), r.path("admin_state_up").asBoolean(true),
                    r.path("enable_snat").asBoolean(true), gateway, interfaces, parseRoutes(r.path("routes")), fips);
        }
    }

    /** {@code gatewayIp} may be null (no default route). */
    public record Gateway(String networkId, String physicalNetwork, String portId, String macAddress,
            String ipAddress, String cidr, String gatewayIp) {
        public Gateway {
            requireNonNull(networkId, "networkId");
            requireNonNull(portId, "portId");
            requireNonNull(macAddress, "macAddress");
            requireNonNull(ipAddress, "ipAddress");
            requireNonNull(cidr, "cidr");
        }
    }

    public record RouterInterface(String portId, String networkId, String subnetId, String macAddress,
            String ipAddress, String cidr) {
        public RouterInterface {
            requireNonNull(portId, "portId");
            requireNonNull(networkId, "networkId");
            requireNonNull(macAddress, "macAddress");
            requireNonNull(ipAddress, "ipAddress");
            requireNonNull(cidr, "cidr");
        }
    }

    public record FloatingIp(String id, String floatingIpAddress, String fixedIpAddress) {
        public FloatingIp {
            requireNonNull(floatingIpAddress, "floatingIpAddress");
            requireNonNull(fixedIpAddress, "fixedIpAddress");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.stringValue() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static List<Route> parseRoutes(JsonNode array) {
        List<Route> routes = new ArrayList<>();
        array.forEach(r -> routes.add(new Route(text(r, "destination"), text(r, "nexthop"))));
        return routes;
    }
}
