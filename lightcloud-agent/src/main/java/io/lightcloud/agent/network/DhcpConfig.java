package io.lightcloud.agent.network;

import io.lightcloud.agent.network.NetworkDocument.DhcpHost;
import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Route;
import io.lightcloud.agent.network.NetworkDocument.Subnet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What dnsmasq is given for a network: its command line, the static hosts file and the options file. Pure, so that a
 * changed file (reloaded with SIGHUP) can be told from a changed command line (restart).
 */
record DhcpConfig(List<String> arguments, String hostsFile, String optionsFile) {
    static final String METADATA_ADDRESS = "169.254.169.254";
    private static final String LEASE_TIME = "86400s";

    static DhcpConfig of(Network network, Path directory, String interfaceName) {
        NetworkDocument.Dhcp dhcp = network.dhcp();
        Subnet subnet = network.subnet(dhcp.subnetId()).orElseThrow(() -> new IllegalStateException(
                "DHCP subnet " + dhcp.subnetId() + " is not a subnet of network " + network.id()));
        Ipv4Cidr cidr = Ipv4Cidr.parse(subnet.cidr());
        List<String> arguments = List.of("dnsmasq", "--no-resolv", "--no-hosts", "--port=0", "--bind-interfaces",
                "--interface=" + interfaceName, "--except-interface=lo", "--dhcp-authoritative", "--leasefile-ro",
                "--user=nobody", "--dhcp-range=set:subnet," + cidr.network().addressText() + ",static,"
                        + cidr.netmaskText() + "," + LEASE_TIME,
                "--dhcp-hostsfile=" + directory.resolve("hosts"), "--dhcp-optsfile=" + directory.resolve("opts"),
                "--pid-file=" + directory.resolve("pid"));
        StringBuilder hosts = new StringBuilder();
        for (DhcpHost host : dhcp.hosts()) {
            if (!Ipv4Cidr.isIpv4(host.ipAddress()) || !cidr.contains(Ipv4Cidr.parse(host.ipAddress()))) {
                continue;
            }
            hosts.append(host.macAddress().toLowerCase(Locale.ROOT)).append(',').append(host.ipAddress());
            String name = hostname(host.hostname());
            if (name != null) {
                hosts.append(',').append(name);
            }
            hosts.append('\n');
        }
        StringBuilder options = new StringBuilder();
        List<String> routes = new ArrayList<>();
        routes.add(METADATA_ADDRESS + "/32," + dhcp.ipAddress());
        for (Route route : subnet.hostRoutes()) {
            routes.add(route.destination() + "," + route.nexthop());
        }
        if (subnet.gatewayIp() != null) {
            options.append("tag:subnet,option:router,").append(subnet.gatewayIp()).append('\n');
            // With option 121 a client ignores option 3, so the default route must be among the classless routes.
            routes.add("0.0.0.0/0," + subnet.gatewayIp());
        }
        options.append("tag:subnet,option:classless-static-route,").append(String.join(",", routes)).append('\n');
        if (!subnet.dnsNameservers().isEmpty()) {
            options.append("tag:subnet,option:dns-server,").append(String.join(",", subnet.dnsNameservers()))
                    .append('\n');
        }
        options.append("tag:subnet,option:mtu,").append(network.mtu()).append('\n');
        return new DhcpConfig(arguments, hosts.toString(), options.toString());
    }

    /** A DNS label made of the host name, or null when nothing usable is left. */
    private static String hostname(String name) {
        if (name == null) {
            return null;
        }
        String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (label.length() > 63) {
            label = label.substring(0, 63);
        }
        return label.isEmpty() || label.chars().allMatch(Character::isDigit) ? null : label;
    }
}
