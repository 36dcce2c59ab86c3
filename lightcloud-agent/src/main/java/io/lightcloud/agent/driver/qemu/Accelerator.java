package io.lightcloud.agent.driver.qemu;

/** The accelerator QEMU runs guests with, and how Nova names the hypervisor type for each. */
public enum Accelerator {
    KVM("kvm", "kvm"),
    TCG("tcg", "qemu");

    private final String qemuName;
    private final String hypervisorType;

    Accelerator(String qemuName, String hypervisorType) {
        this.qemuName = qemuName;
        this.hypervisorType = hypervisorType;
    }

    /** The value of {@code -machine accel=}. */
    public String qemuName() {
        return qemuName;
    }

    public String hypervisorType() {
        return hypervisorType;
    }
}
