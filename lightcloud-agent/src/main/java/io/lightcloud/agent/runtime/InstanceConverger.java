package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.InstanceNotFoundException;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.RebootType;
import io.lightcloud.agent.driver.VirtDriver;
import io.lightcloud.agent.driver.VolumeAttachment;
import io.lightcloud.agent.protocol.PowerState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one server to its desired state by the protocol's rules: create it if the host lacks it; on a new revision
 * rebuild, resize, plug volumes and NICs and change the power state as the spec says; on a new reboot counter reboot it;
 * otherwise leave its power state alone (a VM that died is only reported). A failure is recorded as the server's
 * error for that revision, which is then not retried until the controller sends a new one.
 */
final class InstanceConverger {
    private static final Logger log = LoggerFactory.getLogger(InstanceConverger.class);
    private static final Pattern HOST_PATH = Pattern.compile("(?<![\\w.])((?:/[\\w.@+-]+)*/)([\\w.@+-]+)");

    private final VirtDriver driver;
    private final ImageFetcher images;
    private final AppliedStateStore store;
    private final PortPlugging ports;
    private final SnapshotTaker snapshots;
    private final Duration stopTimeout;

    InstanceConverger(VirtDriver driver, ImageFetcher images, AppliedStateStore store, PortPlugging ports,
            SnapshotTaker snapshots, Duration stopTimeout) {
        this.driver = requireNonNull(driver, "driver");
        this.images = requireNonNull(images, "images");
        this.store = requireNonNull(store, "store");
        this.ports = requireNonNull(ports, "ports");
        this.snapshots = requireNonNull(snapshots, "snapshots");
        this.stopTimeout = requireNonNull(stopTimeout, "stopTimeout");
    }

    void converge(DesiredInstance desired) {
        Optional<InstanceStatus> status = status(desired.id());
        Optional<AppliedState> known = store.read(desired.id());
        AppliedState state;
        if (status.isEmpty()) {
            if (known.isPresent() && known.get().failedAt(desired.revision())) {
                return;
            }
            state = attempt(known.orElse(AppliedState.unknown(desired.id())), desired, () -> create(desired))
                    .withReboot(desired.rebootCounter());
        } else {
            state = known.orElse(AppliedState.unknown(desired.id()));
            if (desired.revision() > state.appliedRevision() && !state.failedAt(desired.revision())) {
                AppliedState before = state;
                state = attempt(before, desired, () -> update(desired, before, status.get()));
            }
            if (desired.rebootCounter() > state.appliedReboot()) {
                AppliedState before = state.withReboot(desired.rebootCounter());
                state = attempt(before, desired, () -> {
                    driver.reboot(desired.id(), desired.rebootHard() ? RebootType.HARD : RebootType.SOFT);
                    log.info("instance rebooted instance={} counter={} hard={}", desired.id(),
                            desired.rebootCounter(), desired.rebootHard());
                    return before.applied(desired).withReboot(desired.rebootCounter());
                });
            }
        }
        if (!known.equals(Optional.of(state))) {
            store.write(state);
        }
        if (status(desired.id()).isPresent()) {
            snapshots.take(desired);
        }
    }

    /** Destroys a server the controller no longer lists, with all its files and the agent's record. */
    void destroy(String instanceId) {
        driver.destroy(instanceId);
        store.delete(instanceId);
    }

    private interface Step {
        AppliedState run();
    }

    private AppliedState attempt(AppliedState before, DesiredInstance desired, Step step) {
        try {
            return step.run();
        } catch (RuntimeException e) {
            log.warn("applying the desired state failed instance={} revision={} error=\"{}\"", desired.id(),
                    desired.revision(), e.getMessage());
            return before.failed(desired.revision(), message(e), stackTrace(e));
        }
    }

    private AppliedState create(DesiredInstance desired) {
        DesiredInstance.Image image = desired.image();
        desired.portIds().forEach(ports::plug);
        InstanceSpec spec = image == null ? spawn(desired.driverSpec(null))
                : images.withImage(image, file -> spawn(desired.driverSpec(file)));
        log.info("instance created instance={} revision={}", desired.id(), desired.revision());
        AppliedState created = AppliedState.unknown(desired.id()).withFlavor(desired.flavor())
                .withVolumes(ids(spec.volumes()));
        setPower(desired, spec, driver.state(desired.id()));
        return created.applied(desired);
    }

    private InstanceSpec spawn(InstanceSpec spec) {
        driver.spawn(spec);
        return spec;
    }

    private AppliedState update(DesiredInstance desired, AppliedState state, InstanceStatus status) {
        if (desired.rebuildCounter() > state.appliedRebuild()) {
            driver.destroy(desired.id());
            log.info("rebuilding instance={} image={}", desired.id(), desired.image() == null ? null
                    : desired.image().id());
            return create(desired).withReboot(state.appliedReboot());
        }
        InstanceSpec spec = desired.driverSpec(desired.image() == null ? null : images.fileFor(desired.image()));
        AppliedState next = state;
        InstanceStatus current = status;
        if (!desired.flavor().equals(state.flavor())) {
            if (current.powerState().hasProcess() || current.powerState() == PowerState.SUSPENDED) {
                log.info("resizing instance={} vcpus={} memory_mb={} root_gb={}", desired.id(), desired.vcpus(),
                        desired.memoryMb(), desired.rootGb());
                driver.powerOff(desired.id(), stopTimeout);
                if (desired.power() != DesiredPower.STOPPED) {
                    driver.powerOn(spec);
                }
                current = driver.state(desired.id());
            }
            // A stopped VM takes the new flavor at its next start: every start passes the desired spec.
            next = next.withFlavor(desired.flavor());
        }
        for (VolumeAttachment volume : spec.volumes()) {
            if (!next.volumes().contains(volume.volumeId())) {
                driver.attachVolume(desired.id(), volume);
                next = next.withVolume(volume.volumeId(), true);
                store.write(next);
            }
        }
        Set<String> listed = desired.listedVolumes();
        for (String volumeId : new HashSet<>(next.volumes())) {
            if (!listed.contains(volumeId)) {
                driver.detachVolume(desired.id(), volumeId);
                next = next.withVolume(volumeId, false);
                store.write(next);
            }
        }
        List<Nic> plugged = driver.interfaces(desired.id());
        for (Nic nic : plugged) {
            if (!spec.nics().contains(nic)) {
                driver.detachInterface(desired.id(), nic.tapDevice());
            }
        }
        desired.portIds().forEach(ports::plug);
        for (Nic nic : spec.nics()) {
            if (!plugged.contains(nic)) {
                driver.attachInterface(desired.id(), nic);
            }
        }
        setPower(desired, spec, current);
        return next.applied(desired);
    }

    /** Changes the VM's power state to the desired one, passing through running where needed. */
    private void setPower(DesiredInstance desired, InstanceSpec spec, InstanceStatus status) {
        String id = desired.id();
        PowerState state = status.powerState();
        switch (desired.power()) {
            case RUNNING -> start(spec, state);
            case STOPPED -> {
                if (state.hasProcess() || state == PowerState.SUSPENDED) {
                    driver.powerOff(id, state == PowerState.RUNNING ? stopTimeout : Duration.ZERO);
                }
            }
            case PAUSED -> {
                if (state != PowerState.PAUSED) {
                    start(spec, state);
                    driver.pause(id);
                }
            }
            case SUSPENDED -> {
                if (state != PowerState.SUSPENDED) {
                    if (!state.hasProcess()) {
                        driver.powerOn(spec);
                    }
                    driver.suspend(id);
                }
            }
        }
    }

    private void start(InstanceSpec spec, PowerState state) {
        switch (state) {
            case RUNNING -> { }
            case PAUSED -> driver.unpause(spec.instanceId());
            case SUSPENDED -> driver.resume(spec.instanceId());
            default -> driver.powerOn(spec);
        }
    }

    private Optional<InstanceStatus> status(String instanceId) {
        try {
            return Optional.of(driver.state(instanceId));
        } catch (InstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Set<String> ids(List<VolumeAttachment> volumes) {
        return volumes.stream().map(VolumeAttachment::volumeId).collect(Collectors.toSet());
    }

    /**
     * The fault message users see: the driver's messages are written for them, with this host's file paths cut to
     * their last name (the full text is in the details, for admins); others get their type named.
     */
    static String message(RuntimeException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        text = HOST_PATH.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(2)));
        return text.length() > 1000 ? text.substring(0, 1000) + "..." : text;
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        String text = out.toString();
        return text.length() > 60_000 ? text.substring(0, 60_000) : text;
    }
}
