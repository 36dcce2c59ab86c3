package io.lightcloud.agent.driver;

/**
 * SOFT asks the guest to shut down (ACPI power button) and starts it again, falling back to HARD when the guest does
 * not stop in time, as Nova's libvirt driver does. HARD stops the QEMU process and starts a new one.
 */
public enum RebootType {
    SOFT,
    HARD
}
