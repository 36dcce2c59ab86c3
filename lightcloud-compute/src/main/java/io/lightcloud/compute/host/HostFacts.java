package io.lightcloud.compute.host;

import static java.util.Objects.requireNonNull;

/** What an agent registers about its host; {@code availabilityZone} is null to keep the current one. */
public record HostFacts(String hostname, int vcpus, long memoryMb, long diskGb, String cpuArch, String cpuInfo,
        String hypervisorType, long hypervisorVersion, String hostIp, String agentVersion, String availabilityZone) {
    public HostFacts {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(cpuInfo, "cpuInfo is null");
        requireNonNull(hypervisorType, "hypervisorType is null");
    }
}
