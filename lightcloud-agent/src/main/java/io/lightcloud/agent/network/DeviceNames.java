package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names of every Linux object the agent owns ({@code docs/network-agent-protocol.md}). Clean-up finds stale
 * objects by these shapes, so the patterns only match names this class can produce.
 */
public final class DeviceNames {
    public static final Pattern BRIDGE = Pattern.compile("lcbr-[0-9a-f]{8}");
    public static final Pattern VXLAN = Pattern.compile("lcvx-[0-9a-f]{8}");
    public static final Pattern TAP = Pattern.compile("tap[0-9a-f]{8}-[0-9a-f]{2}");
    public static final Pattern DHCP_VETH = Pattern.compile("lcd-[0-9a-f]{8}");
    public static final Pattern ROUTER_VETH = Pattern.compile("lcq-[0-9a-f]{8}");

    private final String namespacePrefix;

    public DeviceNames(String namespacePrefix) {
        this.namespacePrefix = requireNonNull(namespacePrefix, "namespacePrefix");
    }

    public static String bridge(String networkId) {
        return "lcbr-" + head(networkId, 8);
    }

    public static String vxlan(String networkId) {
        return "lcvx-" + head(networkId, 8);
    }

    public static String tap(String portId) {
        return "tap" + head(portId, 11);
    }

    public static String dhcpBridgeSide(String networkId) {
        return "lcd-" + head(networkId, 8);
    }

    public static String dhcpInside(String portId) {
        return "ns-" + head(portId, 11);
    }

    public static String routerBridgeSide(String portId) {
        return "lcq-" + head(portId, 8);
    }

    public static String routerInterface(String portId) {
        return "qr-" + head(portId, 11);
    }

    public static String routerGateway(String portId) {
        return "qg-" + head(portId, 11);
    }

    public String dhcpNamespace(String networkId) {
        return namespacePrefix + "lcdhcp-" + head(networkId, 8);
    }

    public String routerNamespace(String routerId) {
        return namespacePrefix + "lcrtr-" + head(routerId, 8);
    }

    /** Whether {@code name} is a DHCP namespace this agent (with its prefix) created. */
    public boolean isDhcpNamespace(String name) {
        return name.startsWith(namespacePrefix + "lcdhcp-")
                && name.length() == namespacePrefix.length() + "lcdhcp-".length() + 8;
    }

    public boolean isRouterNamespace(String name) {
        return name.startsWith(namespacePrefix + "lcrtr-")
                && name.length() == namespacePrefix.length() + "lcrtr-".length() + 8;
    }

    private static String head(String id, int length) {
        String lower = id.toLowerCase(Locale.ROOT);
        return lower.length() <= length ? lower : lower.substring(0, length);
    }
}
