package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.InvalidInstanceStateException;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.VolumeAttachment;
import io.lightcloud.agent.protocol.PowerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Attaching and detaching volumes and NICs: recorded in the instance record (so the next start has them), and
 * hot-plugged through QMP into a guest that runs. The caller holds the instance's lock and passes its power state.
 */
final class HotPlug {
    private static final Logger log = LoggerFactory.getLogger(HotPlug.class);

    private final QemuDriverConfig config;
    private final QemuCommand commands;
    private final InstanceStore store;
    private final QemuMonitors monitors;
    private final DeviceUnplug unplug;

    HotPlug(QemuDriverConfig config, QemuCommand commands, InstanceStore store, QemuMonitors monitors,
            DeviceUnplug unplug) {
        this.config = requireNonNull(config, "config");
        this.commands = requireNonNull(commands, "commands");
        this.store = requireNonNull(store, "store");
        this.monitors = requireNonNull(monitors, "monitors");
        this.unplug = requireNonNull(unplug, "unplug");
    }

    void attachVolume(InstanceLayout layout, InstanceRecord record, PowerState state, VolumeAttachment volume) {
        String instanceId = layout.instanceId();
        if (state == PowerState.SUSPENDED) {
            throw new InvalidInstanceStateException(instanceId, "attach a volume to", state);
        }
        Optional<VolumeAttachment> known = record.spec().volume(volume.volumeId());
        if (known.isPresent() && !known.get().equals(volume)) {
            throw new DriverException("volume " + volume.volumeId() + " is already attached to instance "
                    + instanceId + " from " + known.get().path());
        }
        List<VolumeAttachment> volumes = new ArrayList<>(record.spec().volumes());
        if (known.isEmpty()) {
            volumes.add(volume);
        }
        InstanceRecord updated = record.withSpec(record.spec().withVolumes(volumes));
        int slot = updated.slotOf(volume.volumeId());
        // Recorded first: if the agent dies during the hot-plug, the next attempt or start still knows the slot.
        store.write(layout, updated);
        if (state.hasProcess()) {
            try {
                plugVolume(layout, volume, slot);
            } catch (RuntimeException e) {
                if (known.isEmpty()) {
                    store.write(layout, record);
                }
                throw e;
            }
        }
        log.info("volume attached instance={} volume={} slot={} live={}", instanceId, volume.volumeId(), slot,
                state.hasProcess());
    }

    void detachVolume(InstanceLayout layout, InstanceRecord record, PowerState state, String volumeId) {
        String instanceId = layout.instanceId();
        if (state == PowerState.SUSPENDED || state == PowerState.PAUSED) {
            // A paused or saved guest cannot acknowledge the unplug, and a saved state must keep its devices.
            throw new InvalidInstanceStateException(instanceId, "detach a volume from", state);
        }
        int slot = record.slotOf(volumeId);
        if (state == PowerState.RUNNING) {
            unplugVolume(layout, volumeId, slot);
        }
        List<VolumeAttachment> volumes = record.spec().volumes().stream()
                .filter(v -> !v.volumeId().equals(volumeId)).toList();
        store.write(layout, record.withSpec(record.spec().withVolumes(volumes)));
        log.info("volume detached instance={} volume={} live={}", instanceId, volumeId, state == PowerState.RUNNING);
    }

    void attachInterface(InstanceLayout layout, InstanceRecord record, PowerState state, Nic nic) {
        String instanceId = layout.instanceId();
        if (state == PowerState.SUSPENDED) {
            throw new InvalidInstanceStateException(instanceId, "attach an interface to", state);
        }
        if (record.spec().nics().contains(nic)) {
            return;
        }
        List<Nic> nics = new ArrayList<>(record.spec().nics());
        nics.add(nic);
        InstanceRecord updated = record.withSpec(record.spec().withNics(nics));
        int slot = updated.nicSlotOf(nic.tapDevice());
        store.write(layout, updated);
        if (state.hasProcess()) {
            try {
                plugNic(layout, nic, slot);
            } catch (RuntimeException e) {
                store.write(layout, record);
                throw e;
            }
        }
        log.info("interface attached instance={} tap={} mac={} slot={} live={}", instanceId, nic.tapDevice(),
                nic.macAddress(), slot, state.hasProcess());
    }

    void detachInterface(InstanceLayout layout, InstanceRecord record, PowerState state, String tapDevice) {
        String instanceId = layout.instanceId();
        if (state == PowerState.SUSPENDED || state == PowerState.PAUSED) {
            throw new InvalidInstanceStateException(instanceId, "detach an interface from", state);
        }
        if (state == PowerState.RUNNING) {
            unplugNic(layout, tapDevice);
        }
        List<Nic> nics = record.spec().nics().stream().filter(n -> !n.tapDevice().equals(tapDevice)).toList();
        store.write(layout, record.withSpec(record.spec().withNics(nics)));
        log.info("interface detached instance={} tap={} live={}", instanceId, tapDevice, state == PowerState.RUNNING);
    }

    private void plugVolume(InstanceLayout layout, VolumeAttachment volume, int slot) {
        QmpClient qmp = monitors.monitor(layout);
        String node = InstanceRecord.volumeNodeName(slot);
        if (deviceExists(qmp, InstanceRecord.volumeDeviceId(volume.volumeId()))) {
            return;
        }
        boolean nodeAdded = false;
        if (!nodeExists(qmp, node)) {
            qmp.execute("blockdev-add", commands.volumeBlockdev(volume, slot), config.monitorTimeout());
            nodeAdded = true;
        }
        try {
            qmp.execute("device_add", QemuCommand.volumeDevice(volume, slot), config.monitorTimeout());
        } catch (QmpException e) {
            if (nodeAdded) {
                deleteNodeQuietly(qmp, node);
            }
            throw new DriverException("cannot hot-plug volume " + volume.volumeId() + " into instance "
                    + layout.instanceId() + ": " + e.getMessage(), e);
        }
    }

    /** The guest must release the device (see {@link DeviceUnplug}); until it has, the volume stays attached. */
    private void unplugVolume(InstanceLayout layout, String volumeId, int slot) {
        QmpClient qmp = monitors.monitor(layout);
        String device = InstanceRecord.volumeDeviceId(volumeId);
        if (deviceExists(qmp, device)) {
            unplug.unplug(qmp, device, "volume " + volumeId + " of instance " + layout.instanceId());
        }
        String node = InstanceRecord.volumeNodeName(slot);
        if (nodeExists(qmp, node)) {
            qmp.execute("blockdev-del", Map.of("node-name", node), config.monitorTimeout());
        }
    }

    private void plugNic(InstanceLayout layout, Nic nic, int slot) {
        QmpClient qmp = monitors.monitor(layout);
        if (deviceExists(qmp, InstanceRecord.nicDeviceId(nic.tapDevice()))) {
            return;
        }
        qmp.execute("netdev_add", QemuCommand.nicNetdev(nic), config.monitorTimeout());
        try {
            qmp.execute("device_add", QemuCommand.nicDevice(nic, slot), config.monitorTimeout());
        } catch (QmpException e) {
            deleteNetdevQuietly(qmp, nic.tapDevice());
            throw new DriverException("cannot hot-plug a NIC into instance " + layout.instanceId() + ": "
                    + e.getMessage(), e);
        }
    }

    private void unplugNic(InstanceLayout layout, String tapDevice) {
        QmpClient qmp = monitors.monitor(layout);
        String device = InstanceRecord.nicDeviceId(tapDevice);
        if (deviceExists(qmp, device)) {
            unplug.unplug(qmp, device, "NIC " + tapDevice + " of instance " + layout.instanceId());
        }
        deleteNetdevQuietly(qmp, tapDevice);
    }

    private boolean deviceExists(QmpClient qmp, String deviceId) {
        JsonNode children = qmp.execute("qom-list", Map.of("path", "/machine/peripheral"), config.monitorTimeout());
        for (JsonNode child : children) {
            if (deviceId.equals(child.path("name").asString())) {
                return true;
            }
        }
        return false;
    }

    private boolean nodeExists(QmpClient qmp, String node) {
        JsonNode nodes = qmp.execute("query-named-block-nodes", Map.of("flat", true), config.monitorTimeout());
        for (JsonNode n : nodes) {
            if (node.equals(n.path("node-name").asString())) {
                return true;
            }
        }
        return false;
    }

    private void deleteNodeQuietly(QmpClient qmp, String node) {
        try {
            qmp.execute("blockdev-del", Map.of("node-name", node), config.monitorTimeout());
        } catch (QmpException e) {
            log.warn("cannot remove block node node={} error=\"{}\"", node, e.getMessage());
        }
    }

    private void deleteNetdevQuietly(QmpClient qmp, String tapDevice) {
        try {
            qmp.execute("netdev_del", Map.of("id", InstanceRecord.nicNetdevId(tapDevice)), config.monitorTimeout());
        } catch (QmpException e) {
            log.debug("no netdev to remove tap={} error=\"{}\"", tapDevice, e.getMessage());
        }
    }
}
