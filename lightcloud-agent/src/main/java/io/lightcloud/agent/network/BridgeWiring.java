package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.network.NetworkDocument.FdbEntry;
import io.lightcloud.agent.network.NetworkDocument.Network;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The layer-2 segment of a network on this host: its bridge and, for VXLAN networks, the VXLAN device with one
 * all-zero FDB entry per peer host (head-end replication of flooded traffic) and one entry per remote MAC.
 */
public final class BridgeWiring {
    private static final Logger log = LoggerFactory.getLogger(BridgeWiring.class);
    private static final String FLOOD_MAC = "00:00:00:00:00:00";

    private final NetworkCommands commands;
    private final NetworkSettings settings;

    public BridgeWiring(NetworkCommands commands, NetworkSettings settings) {
        this.commands = requireNonNull(commands, "commands");
        this.settings = requireNonNull(settings, "settings");
    }

    /** The bridge the network's ports plug into; flat networks use the bridge mapped to their physical network. */
    public String bridgeOf(Network network) {
        if (network.isVxlan()) {
            return DeviceNames.bridge(network.id());
        }
        String bridge = network.physicalNetwork() == null ? null
                : settings.bridgeMappings().get(network.physicalNetwork());
        if (bridge == null) {
            throw new IllegalStateException("network " + network.id() + " is on physical network "
                    + network.physicalNetwork() + ", which has no bridge mapping on this host");
        }
        return bridge;
    }

    /** The network's bridge, or empty for a flat network without a mapping on this host. */
    public Optional<String> mappedBridgeOf(Network network) {
        return network.isVxlan() || network.physicalNetwork() != null
                && settings.bridgeMappings().containsKey(network.physicalNetwork())
                ? Optional.of(bridgeOf(network)) : Optional.empty();
    }

    public void converge(Network network, LinkTable links) {
        String bridge = bridgeOf(network);
        if (!network.isVxlan()) {
            ensureBridge(bridge, null, links);
            return;
        }
        if (network.segmentationId() == null) {
            throw new IllegalStateException("VXLAN network " + network.id() + " has no segmentation_id");
        }
        ensureBridge(bridge, network.mtu(), links);
        String vxlan = DeviceNames.vxlan(network.id());
        ensureVxlan(vxlan, network.segmentationId(), network.mtu(), bridge, links);
        convergeFdb(vxlan, network.peers(), network.fdb());
    }

    /** Creates the bridge if missing; {@code mtu} null leaves an existing bridge's MTU alone (mapped bridges). */
    public void ensureBridge(String bridge, Integer mtu, LinkTable links) {
        if (!links.exists(bridge)) {
            commands.host("ip", "link", "add", bridge, "type", "bridge");
            // Without an address of its own the bridge is only a switch: guests cannot reach the host through it.
            commands.hostAllowingFailure("sysctl", "-q", "-w", "net.ipv6.conf." + bridge + ".disable_ipv6=1");
            log.info("bridge created bridge={}", bridge);
        }
        if (mtu != null ? !links.matches(bridge, mtu, null) : !links.exists(bridge)) {
            if (mtu != null) {
                commands.host("ip", "link", "set", "dev", bridge, "mtu", String.valueOf(mtu), "up");
            } else {
                commands.host("ip", "link", "set", "dev", bridge, "up");
            }
        }
    }

    private void ensureVxlan(String vxlan, int vni, int mtu, String bridge, LinkTable links) {
        JsonNode existing = links.get(vxlan).orElse(null);
        if (existing != null) {
            JsonNode data = existing.path("linkinfo").path("info_data");
            boolean same = "vxlan".equals(links.kind(vxlan)) && data.path("id").asInt() == vni
                    && settings.tunnelIp().equals(data.path("local").asString(""))
                    && data.path("port").asInt() == 4789;
            if (!same) {
                commands.host("ip", "link", "del", "dev", vxlan);
                log.info("vxlan device removed to be recreated device={} (vni or local address changed)", vxlan);
                existing = null;
            }
        }
        if (existing == null) {
            commands.host("ip", "link", "add", vxlan, "type", "vxlan", "id", String.valueOf(vni), "local",
                    settings.tunnelIp(), "dstport", "4789", "nolearning");
            log.info("vxlan device created device={} vni={} local={}", vxlan, vni, settings.tunnelIp());
        }
        if (existing == null || !links.matches(vxlan, mtu, bridge)) {
            commands.host("ip", "link", "set", "dev", vxlan, "mtu", String.valueOf(mtu), "master", bridge, "up");
        }
    }

    private void convergeFdb(String vxlan, List<String> peers, List<FdbEntry> entries) {
        Set<String> desired = new LinkedHashSet<>();
        peers.forEach(peer -> desired.add(FLOOD_MAC + " " + peer));
        entries.forEach(e -> desired.add(e.macAddress().toLowerCase(Locale.ROOT) + " " + e.tunnelIp()));
        Set<String> present = new LinkedHashSet<>();
        for (JsonNode entry : commands.hostJson("bridge", "-j", "fdb", "show", "dev", vxlan)) {
            if (entry.has("dst")) {
                present.add(entry.path("mac").asString().toLowerCase(Locale.ROOT) + " "
                        + entry.path("dst").asString());
            }
        }
        for (String entry : present) {
            if (!desired.contains(entry)) {
                String[] parts = entry.split(" ");
                commands.hostAllowingFailure("bridge", "fdb", "del", parts[0], "dev", vxlan, "dst", parts[1]);
                log.info("fdb entry removed device={} mac={} dst={}", vxlan, parts[0], parts[1]);
            }
        }
        for (String entry : desired) {
            if (!present.contains(entry)) {
                String[] parts = entry.split(" ");
                commands.host("bridge", "fdb", parts[0].equals(FLOOD_MAC) ? "append" : "replace", parts[0], "dev",
                        vxlan, "dst", parts[1]);
                log.info("fdb entry added device={} mac={} dst={}", vxlan, parts[0], parts[1]);
            }
        }
    }
}
