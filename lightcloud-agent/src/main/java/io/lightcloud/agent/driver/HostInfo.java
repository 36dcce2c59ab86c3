package io.lightcloud.agent.driver;

import static java.util.Objects.requireNonNull;

/**
 * What a hypervisor host offers, for registration and the scheduler's inventory. {@code hypervisorType} is
 * {@code kvm} with hardware acceleration and {@code qemu} under TCG emulation, as Nova's libvirt driver reports it.
 */
public record HostInfo(String hostname, int vcpus, long memoryMb, long diskFreeGb, String cpuModel,
        String hypervisorType, String hypervisorVersion) {
    public HostInfo {
        requireNonNull(hostname, "hostname");
        requireNonNull(cpuModel, "cpuModel");
        requireNonNull(hypervisorType, "hypervisorType");
        requireNonNull(hypervisorVersion, "hypervisorVersion");
    }
}
