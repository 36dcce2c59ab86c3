package io.lightcloud.network.port;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.address.FixedIpRequest;
import io.lightcloud.network.core.AddressPair;
import java.time.Instant;
import java.util.List;

/**
 * What a new port is to be. {@code macAddress} null: a random one; {@code securityGroups} null: the project's default
 * group when port security is on (none for {@code network:*} ports).
 */
public record PortSpec(String networkId, String projectId, String name, String description, String macAddress,
        boolean adminStateUp, String deviceId, String deviceOwner, Boolean portSecurityEnabled, String bindingHostId,
        List<FixedIpRequest> fixedIps, List<String> securityGroups, List<AddressPair> allowedAddressPairs,
        boolean createdForServer, String serverTag, Instant attachedAt) {
    public PortSpec {
        requireNonNull(networkId, "networkId is null");
        requireNonNull(projectId, "projectId is null");
        fixedIps = List.copyOf(fixedIps);
        securityGroups = securityGroups == null ? null : List.copyOf(securityGroups);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
    }

    /** A port the network service makes for itself: a DHCP port, a router interface or gateway. */
    public static PortSpec service(String networkId, String projectId, String deviceId, String deviceOwner,
            List<FixedIpRequest> fixedIps) {
        return new PortSpec(networkId, projectId, "", "", null, true, deviceId, deviceOwner, false, "", fixedIps,
                List.of(), List.of(), false, null, null);
    }
}
