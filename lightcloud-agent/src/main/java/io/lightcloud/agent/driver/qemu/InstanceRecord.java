package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.VolumeAttachment;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the driver persists per instance in {@code instance.json}: the spec it was last started with (volumes and
 * NICs attached since included), the VNC display it owns, and the PCI slot of every volume and NIC (by tap device).
 * Fixed slots keep device addresses identical across restarts, which restoring a suspended instance requires and
 * which keeps the guest's disk and interface order stable. {@code command} is the QEMU command line of the last
 * start, for operators.
 */
public record InstanceRecord(InstanceSpec spec, int vncDisplay, Map<String, Integer> volumeSlots,
        Map<String, Integer> nicSlots, List<String> command) {
    /** PCI slots on the i440fx root bus: 2 VGA, 3 root disk, 4-11 NICs, 12-31 volumes. */
    static final int VGA_SLOT = 2;
    static final int ROOT_DISK_SLOT = 3;
    static final int FIRST_NIC_SLOT = 4;
    static final int MAX_NICS = 8;
    static final int FIRST_VOLUME_SLOT = FIRST_NIC_SLOT + MAX_NICS;
    static final int LAST_SLOT = 31;

    public InstanceRecord {
        requireNonNull(spec, "spec");
        volumeSlots = Map.copyOf(volumeSlots);
        // Records written before NICs had slots have none.
        nicSlots = nicSlots == null ? Map.of() : Map.copyOf(nicSlots);
        command = List.copyOf(command);
        for (Nic nic : spec.nics()) {
            if (!nicSlots.containsKey(nic.tapDevice())) {
                throw new IllegalArgumentException("NIC " + nic.tapDevice() + " has no PCI slot");
            }
        }
        for (VolumeAttachment volume : spec.volumes()) {
            if (!volumeSlots.containsKey(volume.volumeId())) {
                throw new IllegalArgumentException("volume " + volume.volumeId() + " has no PCI slot");
            }
        }
    }

    /** A new record for a spec, with slots for its volumes and NICs. */
    static InstanceRecord create(InstanceSpec spec, int vncDisplay) {
        return new InstanceRecord(spec, vncDisplay, volumeSlots(Map.of(), spec.volumes()),
                nicSlots(Map.of(), spec.nics()), List.of());
    }

    /**
     * This record with a new spec: volumes and NICs that already had a slot keep it, new ones get the lowest free
     * slots, slots of those no longer listed are released.
     */
    InstanceRecord withSpec(InstanceSpec newSpec) {
        if (!newSpec.instanceId().equals(spec.instanceId())) {
            throw new IllegalArgumentException("spec is for another instance");
        }
        return new InstanceRecord(newSpec, vncDisplay, volumeSlots(volumeSlots, newSpec.volumes()),
                nicSlots(nicSlots, newSpec.nics()), command);
    }

    private static Map<String, Integer> volumeSlots(Map<String, Integer> volumeSlots,
            List<VolumeAttachment> volumes) {
        Map<String, Integer> slots = new LinkedHashMap<>();
        Set<Integer> used = new HashSet<>();
        for (VolumeAttachment volume : volumes) {
            Integer slot = volumeSlots.get(volume.volumeId());
            if (slot != null) {
                slots.put(volume.volumeId(), slot);
                used.add(slot);
            }
        }
        for (VolumeAttachment volume : volumes) {
            if (!slots.containsKey(volume.volumeId())) {
                int slot = FIRST_VOLUME_SLOT;
                while (used.contains(slot)) {
                    slot++;
                }
                if (slot > LAST_SLOT) {
                    throw new IllegalArgumentException(
                            "at most " + (LAST_SLOT - FIRST_VOLUME_SLOT + 1) + " volumes can be attached");
                }
                slots.put(volume.volumeId(), slot);
                used.add(slot);
            }
        }
        return slots;
    }

    private static Map<String, Integer> nicSlots(Map<String, Integer> nicSlots, List<Nic> nics) {
        Map<String, Integer> slots = new LinkedHashMap<>();
        Set<Integer> used = new HashSet<>();
        for (Nic nic : nics) {
            Integer slot = nicSlots.get(nic.tapDevice());
            if (slot != null) {
                slots.put(nic.tapDevice(), slot);
                used.add(slot);
            }
        }
        for (Nic nic : nics) {
            if (!slots.containsKey(nic.tapDevice())) {
                int slot = FIRST_NIC_SLOT;
                while (used.contains(slot)) {
                    slot++;
                }
                if (slot >= FIRST_NIC_SLOT + MAX_NICS) {
                    throw new IllegalArgumentException("at most " + MAX_NICS + " NICs are supported");
                }
                slots.put(nic.tapDevice(), slot);
                used.add(slot);
            }
        }
        return slots;
    }

    InstanceRecord withVncDisplay(int display) {
        return new InstanceRecord(spec, display, volumeSlots, nicSlots, command);
    }

    InstanceRecord withCommand(List<String> newCommand) {
        return new InstanceRecord(spec, vncDisplay, volumeSlots, nicSlots, newCommand);
    }

    int nicSlotOf(String tapDevice) {
        Integer slot = nicSlots.get(tapDevice);
        if (slot == null) {
            throw new IllegalArgumentException("NIC " + tapDevice + " is not attached");
        }
        return slot;
    }

    /** The QEMU netdev and device ids of a NIC, named by its tap device so hot-unplug finds boot-time NICs too. */
    static String nicNetdevId(String tapDevice) {
        return "net-" + tapDevice;
    }

    static String nicDeviceId(String tapDevice) {
        return "nic-" + tapDevice;
    }

    int slotOf(String volumeId) {
        Integer slot = volumeSlots.get(volumeId);
        if (slot == null) {
            throw new IllegalArgumentException("volume " + volumeId + " is not attached");
        }
        return slot;
    }

    /** The QEMU device id of an attached volume (what {@code device_del} and DEVICE_DELETED name). */
    static String volumeDeviceId(String volumeId) {
        return "vol-" + volumeId;
    }

    /** The block node name of the volume in a slot; node names are limited to 31 characters, so not the id. */
    static String volumeNodeName(int slot) {
        return "vol" + slot;
    }
}
