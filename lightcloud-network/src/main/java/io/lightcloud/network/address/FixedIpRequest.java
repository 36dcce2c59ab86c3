package io.lightcloud.network.address;

/** One entry of a port's {@code fixed_ips} in a request: a subnet, an address, or both. */
public record FixedIpRequest(String subnetId, String ipAddress) {
    public FixedIpRequest {
        if (subnetId == null && ipAddress == null) {
            throw new IllegalArgumentException("a fixed IP request names a subnet or an address");
        }
    }
}
