package io.lightcloud.network.subnet;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.network.ServerNetworking.HostRoute;
import io.lightcloud.network.address.AllocationPool;
import io.lightcloud.network.address.Cidr;
import io.lightcloud.network.address.Ipv4;
import io.lightcloud.network.api.NeutronFaults;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Validation of a subnet's addressing: gateway, allocation pools, DNS servers and host routes within its CIDR. */
final class SubnetInput {
    private SubnetInput() {
    }

    /** The gateway: as given (JSON null: none), else the first address of the CIDR. */
    static String gateway(JsonFields in, Cidr cidr, String current) {
        if (!in.has("gateway_ip")) {
            return current;
        }
        String text = in.string("gateway_ip", 64).orElse(null);
        if (text == null) {
            return null;
        }
        long address = Ipv4.parse(text, "gateway_ip");
        if (!cidr.contains(address) || address == cidr.first() || address == cidr.last()) {
            throw NeutronFaults.invalidInput("Gateway IP " + text + " is not a valid host address of " + cidr + ".");
        }
        return Ipv4.format(address);
    }

    static String defaultGateway(Cidr cidr) {
        return Ipv4.format(cidr.first() + 1);
    }

    /** The pools as given, else the usable range of the CIDR without the gateway. */
    static List<AllocationPool> pools(JsonFields in, Cidr cidr, String gatewayIp, List<AllocationPool> current) {
        List<AllocationPool> pools;
        if (in.has("allocation_pools") && !in.objectList("allocation_pools").isEmpty()) {
            pools = new ArrayList<>();
            for (JsonFields pool : in.objectList("allocation_pools")) {
                long start = Ipv4.parse(pool.requiredString("start", 64), "allocation_pools");
                long end = Ipv4.parse(pool.requiredString("end", 64), "allocation_pools");
                if (start > end || !cidr.contains(start) || !cidr.contains(end) || start == cidr.first()
                        || end == cidr.last()) {
                    throw NeutronFaults.badRequest("The allocation pool " + Ipv4.format(start) + "-"
                            + Ipv4.format(end) + " spans beyond the subnet cidr " + cidr + ".");
                }
                pools.add(new AllocationPool(start, end));
            }
            pools.sort(Comparator.comparingLong(AllocationPool::start));
            for (int i = 1; i < pools.size(); i++) {
                if (pools.get(i).start() <= pools.get(i - 1).end()) {
                    throw NeutronFaults.badRequest("Found overlapping allocation pools: " + pools.get(i - 1).view()
                            + " and " + pools.get(i).view() + ".");
                }
            }
        } else if (current != null && !in.has("allocation_pools")) {
            pools = current;
        } else {
            pools = defaultPools(cidr, gatewayIp);
        }
        if (gatewayIp != null) {
            long gateway = Ipv4.parse(gatewayIp, "gateway_ip");
            for (AllocationPool pool : pools) {
                if (pool.contains(gateway) && in.has("allocation_pools")) {
                    throw NeutronFaults.conflict("GatewayConflictWithAllocationPools", "Gateway ip " + gatewayIp
                            + " conflicts with allocation pool " + Ipv4.format(pool.start()) + "-"
                            + Ipv4.format(pool.end()));
                }
            }
        }
        return List.copyOf(pools);
    }

    private static List<AllocationPool> defaultPools(Cidr cidr, String gatewayIp) {
        long first = cidr.first() + 1;
        long last = cidr.last() - 1;
        if (gatewayIp == null) {
            return List.of(new AllocationPool(first, last));
        }
        long gateway = Ipv4.parse(gatewayIp, "gateway_ip");
        List<AllocationPool> pools = new ArrayList<>();
        if (gateway > first) {
            pools.add(new AllocationPool(first, gateway - 1));
        }
        if (gateway < last) {
            pools.add(new AllocationPool(gateway + 1, last));
        }
        return pools;
    }

    static List<String> dnsNameservers(JsonFields in, List<String> current) {
        if (!in.has("dns_nameservers")) {
            return current;
        }
        List<String> servers = in.stringList("dns_nameservers", 64).orElse(List.of());
        if (new LinkedHashSet<>(servers).size() != servers.size()) {
            throw NeutronFaults.invalidInput("Duplicate nameserver in " + servers + ".");
        }
        return servers.stream().map(s -> Ipv4.format(Ipv4.parse(s, "dns_nameservers"))).toList();
    }

    static List<HostRoute> hostRoutes(JsonFields in, List<HostRoute> current) {
        if (!in.has("host_routes")) {
            return current;
        }
        List<HostRoute> routes = new ArrayList<>();
        for (JsonFields route : in.objectList("host_routes")) {
            Cidr destination = Cidr.parseLenient(route.requiredString("destination", 64), "host_routes");
            long nexthop = Ipv4.parse(route.requiredString("nexthop", 64), "host_routes");
            routes.add(new HostRoute(destination.toString(), Ipv4.format(nexthop)));
        }
        return List.copyOf(routes);
    }
}
