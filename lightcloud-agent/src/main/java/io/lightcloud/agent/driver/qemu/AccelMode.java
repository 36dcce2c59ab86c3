package io.lightcloud.agent.driver.qemu;

/** How the driver chooses its accelerator: probe KVM at startup (AUTO) or use the one forced by configuration. */
public enum AccelMode {
    AUTO,
    KVM,
    TCG
}
