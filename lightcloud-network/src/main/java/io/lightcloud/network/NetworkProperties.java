package io.lightcloud.network;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lightcloud.network.*}.
 *
 * @param vniRange the VXLAN network identifiers tenant networks get, {@code first:last}
 * @param vxlanMtu the MTU of VXLAN networks: 1500 minus the 50 bytes of VXLAN over IPv4 encapsulation
 * @param flatMtu the MTU of flat (provider) networks
 * @param hostDownAfter seconds without a network poll after which a host no longer gets new routers or DHCP
 * @param autoAllocatedCidr the IPv4 range of every project's auto-allocated network (Neutron takes it from a default
 *     subnet pool)
 */
@ConfigurationProperties("lightcloud.network")
public record NetworkProperties(
        @DefaultValue("1001:65000") String vniRange,
        @DefaultValue("1450") int vxlanMtu,
        @DefaultValue("1500") int flatMtu,
        @DefaultValue("nova") String availabilityZone,
        @DefaultValue("180") long hostDownAfter,
        @DefaultValue("10.0.0.0/24") String autoAllocatedCidr,
        @DefaultValue Quota quota) {

    public NetworkProperties {
        if (vniRange == null) {
            throw new IllegalArgumentException("lightcloud.network.vni-range is required");
        }
    }

    public int vniFirst() {
        return vniBound(0);
    }

    public int vniLast() {
        return vniBound(1);
    }

    private int vniBound(int index) {
        String[] parts = vniRange.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("lightcloud.network.vni-range must be first:last, not " + vniRange);
        }
        int first = Integer.parseInt(parts[0].trim());
        int last = Integer.parseInt(parts[1].trim());
        if (first < 1 || last > 16_777_215 || first > last) {
            throw new IllegalArgumentException("lightcloud.network.vni-range must lie in 1:16777215, not " + vniRange);
        }
        return index == 0 ? first : last;
    }

    /** Neutron's default quotas; -1 is unlimited. */
    public record Quota(
            @DefaultValue("100") long network,
            @DefaultValue("100") long subnet,
            @DefaultValue("500") long port,
            @DefaultValue("10") long router,
            @DefaultValue("50") long floatingip,
            @DefaultValue("10") long securityGroup,
            @DefaultValue("100") long securityGroupRule) {
    }
}
