package io.lightcloud.agent.driver;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A network interface plugged into an existing tap device (created by the network plumbing before spawn).
 * {@code model} is the QEMU device, {@code virtio-net-pci} unless the image needs something else.
 */
public record Nic(String tapDevice, String macAddress, String model) {
    public static final String VIRTIO = "virtio-net-pci";
    private static final Pattern TAP = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public Nic {
        requireNonNull(tapDevice, "tapDevice");
        requireNonNull(macAddress, "macAddress");
        requireNonNull(model, "model");
        if (!TAP.matcher(tapDevice).matches()) {
            throw new IllegalArgumentException("invalid tap device name: " + tapDevice);
        }
        if (!MAC.matcher(macAddress).matches()) {
            throw new IllegalArgumentException("MAC address must be six lower-case hex pairs: " + macAddress);
        }
        if (!MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException("invalid NIC model: " + model);
        }
    }

    public static Nic virtio(String tapDevice, String macAddress) {
        return new Nic(tapDevice, macAddress, VIRTIO);
    }
}
