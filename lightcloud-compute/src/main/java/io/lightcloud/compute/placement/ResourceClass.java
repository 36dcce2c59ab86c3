package io.lightcloud.compute.placement;

/** The resource classes a host's inventory has, named as in Placement. */
public enum ResourceClass {
    VCPU,
    MEMORY_MB,
    DISK_GB
}
