package io.lightcloud.network.port;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.network.address.Cidr;
import io.lightcloud.network.address.FixedIpRequest;
import io.lightcloud.network.address.Ipv4;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.core.AddressPair;
import java.util.ArrayList;
import java.util.List;

/** Parsing of the list-valued port attributes of a request. */
public final class PortInput {
    private PortInput() {
    }

    public static List<FixedIpRequest> fixedIps(JsonFields in) {
        return fixedIps(in, "fixed_ips");
    }

    /** {@code fixed_ips} of a port, or a list of the same shape under another name. */
    public static List<FixedIpRequest> fixedIps(JsonFields in, String field) {
        List<FixedIpRequest> requests = new ArrayList<>();
        for (JsonFields item : in.objectList(field)) {
            String subnet = item.string("subnet_id", 36).orElse(null);
            String address = item.string("ip_address", 64).orElse(null);
            if (subnet == null && address == null) {
                throw NeutronFaults.invalidInput("Exceeded maximum amount of fixed ips per port or an entry of "
                        + "fixed_ips names neither subnet_id nor ip_address.");
            }
            requests.add(new FixedIpRequest(subnet, address == null ? null
                    : Ipv4.format(Ipv4.parse(address, field))));
        }
        return requests;
    }

    /** Pairs; a pair without MAC gets the port's, filled in by the caller (empty string here). */
    public static List<AddressPair> addressPairs(JsonFields in) {
        List<AddressPair> pairs = new ArrayList<>();
        for (JsonFields item : in.objectList("allowed_address_pairs")) {
            String ip = item.string("ip_address", 64).orElseThrow(() -> NeutronFaults.badRequest(
                    "AllowedAddressPair must contain ip_address"));
            Cidr prefix = Cidr.parseLenient(ip, "allowed_address_pairs");
            String mac = item.string("mac_address", 32).map(m -> {
                String canonical = MacAddresses.canonical(m);
                if (canonical == null) {
                    throw NeutronFaults.invalidInput("'" + m + "' is not a valid MAC address");
                }
                return canonical;
            }).orElse("");
            String shown = ip.contains("/") ? prefix.toString() : Ipv4.format(prefix.network());
            pairs.add(new AddressPair(shown, mac));
        }
        return pairs;
    }
}
