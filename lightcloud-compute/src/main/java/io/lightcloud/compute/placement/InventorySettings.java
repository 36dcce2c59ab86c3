package io.lightcloud.compute.placement;

import java.util.List;

/**
 * How a host's physical resources become inventory: Nova's allocation ratios (CPU 16.0, RAM 1.5, disk 1.0 by
 * default) and reserved amounts (512 MB of host memory by default), configurable per cloud.
 */
public record InventorySettings(double cpuAllocationRatio, double ramAllocationRatio, double diskAllocationRatio,
        long reservedHostCpus, long reservedHostMemoryMb, long reservedHostDiskGb) {

    public List<Inventory> forHost(long vcpus, long memoryMb, long diskGb) {
        return List.of(
                new Inventory(ResourceClass.VCPU, vcpus, Math.min(vcpus, reservedHostCpus), cpuAllocationRatio),
                new Inventory(ResourceClass.MEMORY_MB, memoryMb, Math.min(memoryMb, reservedHostMemoryMb),
                        ramAllocationRatio),
                new Inventory(ResourceClass.DISK_GB, diskGb, Math.min(diskGb, reservedHostDiskGb),
                        diskAllocationRatio));
    }
}
