package io.lightcloud.agent.runtime;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.HostInfo;
import io.lightcloud.agent.driver.InstanceNotFoundException;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.RebootType;
import io.lightcloud.agent.driver.VirtDriver;
import io.lightcloud.agent.driver.VncEndpoint;
import io.lightcloud.agent.driver.VolumeAttachment;
import io.lightcloud.agent.protocol.PowerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An in-memory hypervisor for the reconciliation rules: it keeps each instance's spec and power state and records
 * every call, so tests see exactly what the converger asked for. It stands in for QEMU only where the rules, not the
 * VMs, are under test (QemuDriverTest and the end-to-end tests boot real VMs).
 */
final class RecordingDriver implements VirtDriver {
    final List<String> calls = new ArrayList<>();
    final Map<String, InstanceSpec> specs = new LinkedHashMap<>();
    final Map<String, PowerState> power = new LinkedHashMap<>();
    String failSpawnWith;

    @Override
    public HostInfo hostInfo() {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized InstanceStatus spawn(InstanceSpec spec) {
        calls.add("spawn " + spec.instanceId());
        if (failSpawnWith != null) {
            throw new DriverException(failSpawnWith);
        }
        specs.put(spec.instanceId(), spec);
        power.put(spec.instanceId(), PowerState.RUNNING);
        return state(spec.instanceId());
    }

    @Override
    public synchronized void destroy(String instanceId) {
        calls.add("destroy " + instanceId);
        specs.remove(instanceId);
        power.remove(instanceId);
    }

    @Override
    public synchronized void powerOff(String instanceId, Duration gracefulTimeout) {
        calls.add("powerOff " + instanceId);
        power.put(instanceId, PowerState.SHUTDOWN);
    }

    @Override
    public synchronized void powerOn(InstanceSpec spec) {
        calls.add("powerOn " + spec.instanceId());
        specs.put(spec.instanceId(), spec);
        power.put(spec.instanceId(), PowerState.RUNNING);
    }

    @Override
    public synchronized void reboot(String instanceId, RebootType type) {
        calls.add("reboot " + instanceId + " " + type);
        power.put(instanceId, PowerState.RUNNING);
    }

    @Override
    public synchronized void pause(String instanceId) {
        calls.add("pause " + instanceId);
        power.put(instanceId, PowerState.PAUSED);
    }

    @Override
    public synchronized void unpause(String instanceId) {
        calls.add("unpause " + instanceId);
        power.put(instanceId, PowerState.RUNNING);
    }

    @Override
    public synchronized void suspend(String instanceId) {
        calls.add("suspend " + instanceId);
        power.put(instanceId, PowerState.SUSPENDED);
    }

    @Override
    public synchronized void resume(String instanceId) {
        calls.add("resume " + instanceId);
        power.put(instanceId, PowerState.RUNNING);
    }

    @Override
    public synchronized void attachVolume(String instanceId, VolumeAttachment volume) {
        calls.add("attachVolume " + instanceId + " " + volume.volumeId());
    }

    @Override
    public synchronized void detachVolume(String instanceId, String volumeId) {
        calls.add("detachVolume " + instanceId + " " + volumeId);
    }

    @Override
    public synchronized void attachInterface(String instanceId, Nic nic) {
        calls.add("attachInterface " + instanceId + " " + nic.tapDevice());
        List<Nic> nics = new ArrayList<>(specs.get(instanceId).nics());
        nics.add(nic);
        specs.put(instanceId, specs.get(instanceId).withNics(nics));
    }

    @Override
    public synchronized void detachInterface(String instanceId, String tapDevice) {
        calls.add("detachInterface " + instanceId + " " + tapDevice);
        specs.put(instanceId, specs.get(instanceId).withNics(specs.get(instanceId).nics().stream()
                .filter(n -> !n.tapDevice().equals(tapDevice)).toList()));
    }

    @Override
    public synchronized void snapshot(String instanceId, Path target) {
        calls.add("snapshot " + instanceId);
    }

    @Override
    public synchronized List<Nic> interfaces(String instanceId) {
        return specs.get(instanceId).nics();
    }

    @Override
    public synchronized InstanceStatus state(String instanceId) {
        PowerState state = power.get(instanceId);
        if (state == null) {
            throw new InstanceNotFoundException(instanceId);
        }
        return new InstanceStatus(instanceId, specs.get(instanceId).name(), state,
                state.hasProcess() ? OptionalLong.of(4242) : OptionalLong.empty(), "");
    }

    @Override
    public synchronized List<InstanceStatus> list() {
        return power.keySet().stream().map(this::state).toList();
    }

    @Override
    public String consoleLog(String instanceId, int maxBytes) {
        return "";
    }

    @Override
    public VncEndpoint vncEndpoint(String instanceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean hasCachedImage(String imageId) {
        return true;
    }

    @Override
    public List<InstanceStatus> adoptExisting() {
        return list();
    }

    @Override
    public void close() {
    }
}
