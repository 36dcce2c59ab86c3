package io.lightcloud.agent.network;

import io.lightcloud.agent.network.NetworkDocument.FloatingIp;
import io.lightcloud.agent.network.NetworkDocument.Router;
import io.lightcloud.agent.network.NetworkDocument.RouterInterface;

/**
 * Renders a router's {@code ip lightcloud-nat} table (floating IP DNAT/SNAT and the gateway SNAT of the internal
 * subnets) as one {@code nft -f} script that replaces the table atomically. Pure: router in, text out.
 */
public final class RouterNatRenderer {
    public static final String TABLE = "lightcloud-nat";

    public String render(Router router) {
        StringBuilder out = new StringBuilder();
        out.append("table ip ").append(TABLE).append('\n');
        out.append("delete table ip ").append(TABLE).append('\n');
        if (router.gateway() == null) {
            return out.toString();
        }
        String gateway = quote(DeviceNames.routerGateway(router.gateway().portId()));
        out.append("table ip ").append(TABLE).append(" {\n");
        out.append("  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        for (FloatingIp fip : router.floatingIps()) {
            out.append("    ip daddr ").append(fip.floatingIpAddress()).append(" dnat to ")
                    .append(fip.fixedIpAddress()).append('\n');
        }
        out.append("  }\n");
        // Guests reaching a floating address from inside the router go through the same translation.
        out.append("  chain output {\n    type nat hook output priority -100; policy accept;\n");
        for (FloatingIp fip : router.floatingIps()) {
            out.append("    ip daddr ").append(fip.floatingIpAddress()).append(" dnat to ")
                    .append(fip.fixedIpAddress()).append('\n');
        }
        out.append("  }\n");
        out.append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n");
        for (FloatingIp fip : router.floatingIps()) {
            out.append("    oifname ").append(gateway).append(" ip saddr ").append(fip.fixedIpAddress())
                    .append(" snat to ").append(fip.floatingIpAddress()).append('\n');
        }
        if (router.enableSnat()) {
            for (RouterInterface itf : router.interfaces()) {
                if (Ipv4Cidr.isIpv4(itf.cidr())) {
                    out.append("    oifname ").append(gateway).append(" ip saddr ")
                            .append(Ipv4Cidr.parse(itf.cidr()).network()).append(" snat to ")
                            .append(router.gateway().ipAddress()).append('\n');
                }
            }
        }
        out.append("  }\n}\n");
        return out.toString();
    }

    private static String quote(String name) {
        return "\"" + name + "\"";
    }
}
