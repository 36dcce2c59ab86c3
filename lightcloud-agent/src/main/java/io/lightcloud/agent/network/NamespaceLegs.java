package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Namespaces the agent owns (DHCP and router namespaces) and their veth legs: one end plugged into a bridge of the
 * host namespace, the other inside, with a fixed MAC and addresses.
 */
public final class NamespaceLegs {
    private static final Logger log = LoggerFactory.getLogger(NamespaceLegs.class);

    private final NetworkCommands commands;

    public NamespaceLegs(NetworkCommands commands) {
        this.commands = requireNonNull(commands, "commands");
    }

    public Set<String> namespaces() {
        Set<String> names = new LinkedHashSet<>();
        for (String line : commands.namespaces("ip", "netns", "list").stdout().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    /** Creates the namespace if missing, with its loopback up. */
    public void ensureNamespace(String namespace, Set<String> existing) {
        if (existing.contains(namespace)) {
            return;
        }
        commands.namespaces("ip", "netns", "add", namespace);
        commands.in(namespace, "ip", "link", "set", "lo", "up");
        existing.add(namespace);
        log.info("namespace created namespace={}", namespace);
    }

    /** Stops every process left in the namespace, then deletes it (which removes its veth legs too). */
    public void removeNamespace(String namespace) {
        for (String pid : commands.namespacesAllowingFailure("ip", "netns", "pids", namespace).stdout().split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(Processes::terminate);
            }
        }
        commands.namespaces("ip", "netns", "del", namespace);
        log.info("namespace removed namespace={}", namespace);
    }

    /**
     * Makes sure the veth {@code hostSide} (in the host namespace, plugged into {@code bridge}) / {@code inside}
     * (in {@code namespace}, with {@code mac} and exactly {@code addresses}) exists and is up.
     */
    public void ensureLeg(String namespace, String hostSide, String inside, String bridge, int mtu, String mac,
            List<String> addresses, LinkTable hostLinks) {
        LinkTable insideLinks = LinkTable.of(commands, namespace);
        boolean complete = hostLinks.exists(hostSide) && insideLinks.exists(inside)
                && insideLinks.kind(inside).equals("veth");
        if (!complete) {
            if (hostLinks.exists(hostSide)) {
                commands.hostAllowingFailure("ip", "link", "del", "dev", hostSide);
            }
            if (insideLinks.exists(inside)) {
                commands.inAllowingFailure(namespace, "ip", "link", "del", "dev", inside);
            }
            commands.host("ip", "link", "add", hostSide, "type", "veth", "peer", "name", inside, "netns", namespace);
            log.info("veth created host_side={} inside={} namespace={} bridge={}", hostSide, inside, namespace,
                    bridge);
        }
        if (!complete || !hostLinks.matches(hostSide, mtu, bridge)) {
            commands.host("ip", "link", "set", "dev", hostSide, "mtu", String.valueOf(mtu), "master", bridge, "up");
        }
        String currentMac = complete ? insideLinks.mac(inside).orElse("") : "";
        if (!complete || !currentMac.equalsIgnoreCase(mac) || !insideLinks.matches(inside, mtu, null)) {
            commands.in(namespace, "ip", "link", "set", "dev", inside, "address", mac.toLowerCase(Locale.ROOT),
                    "mtu", String.valueOf(mtu), "up");
        }
        convergeAddresses(namespace, inside, addresses);
    }

    /** Removes links inside the namespace that start with {@code prefix} and are not in {@code keep}. */
    public void removeStaleInside(String namespace, String prefix, Set<String> keep) {
        for (String name : LinkTable.of(commands, namespace).names()) {
            if (name.startsWith(prefix) && !keep.contains(name)) {
                commands.inAllowingFailure(namespace, "ip", "link", "del", "dev", name);
                log.info("veth removed inside={} namespace={}", name, namespace);
            }
        }
    }

    /** {@code addresses} as {@code a.b.c.d/len}; other IPv4 addresses on the link are removed. */
    private void convergeAddresses(String namespace, String link, List<String> addresses) {
        Set<String> present = new LinkedHashSet<>();
        for (JsonNode entry : commands.inJson(namespace, "ip", "-j", "-4", "addr", "show", "dev", link)) {
            for (JsonNode info : entry.path("addr_info")) {
                present.add(info.path("local").asString() + "/" + info.path("prefixlen").asInt());
            }
        }
        for (String address : present) {
            if (!addresses.contains(address)) {
                commands.in(namespace, "ip", "addr", "del", address, "dev", link);
                log.info("address removed address={} device={} namespace={}", address, link, namespace);
            }
        }
        for (String address : addresses) {
            if (!present.contains(address)) {
                commands.in(namespace, "ip", "addr", "add", address, "dev", link);
                log.info("address added address={} device={} namespace={}", address, link, namespace);
            }
        }
    }
}
