package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.PowerState;
import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.compute.flavor.HaPolicy;
import io.lightcloud.compute.instance.DesiredPower;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.instance.VolumeAttachment;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.scheduler.HostStateCache;
import io.lightcloud.compute.scheduler.SchedulerSettings;
import io.lightcloud.compute.server.InstancePlacer;
import io.lightcloud.compute.server.ServerDeleter;
import io.lightcloud.compute.store.Transactions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Turns an agent's full report of its host into state changes, server by server under the server's row lock:
 * <ul>
 * <li>a task (stop, reboot, resize, ...) completes once the agent applied the revision that started it, and Nova's
 *     vm_state follows the power state it reports;</li>
 * <li>a failed build is rescheduled to another host (its claim released there) until the build attempts run out,
 *     then the server goes to ERROR with a fault; a volume detach the guest did not complete puts the volume back to
 *     attached and fails the detach action, as Nova does, leaving the server as it was; any other failure puts the
 *     server in ERROR;</li>
 * <li>with no task running, the power state is synced as Nova does: a server that stopped without a user asking
 *     becomes SHUTOFF, or is restarted when the HA policy applies and its restart budget allows;</li>
 * <li>volumes the agent plugged in or out complete their attach or detach;</li>
 * <li>deleted servers the agent no longer reports are finished (their volumes detached).</li>
 * </ul>
 * Reports are idempotent: applying the same report twice changes nothing the second time.
 */
public final class ObservedStateProcessor {
    private static final Logger log = LoggerFactory.getLogger(ObservedStateProcessor.class);

    private final InstanceRepository instances;
    private final PlacementRepository placement;
    private final HostStateCache cache;
    private final VolumeAttachmentRepository attachments;
    private final ObjectProvider<VolumeAttachments> volumes;
    private final InstanceActionLog actions;
    private final InstancePlacer placer;
    private final ServerDeleter deleter;
    private final DesiredStateChanges changes;
    private final HaPolicy haPolicy;
    private final SchedulerSettings schedulerSettings;
    private final Transactions transactions;
    private final JdbcClient jdbc;
    private final Executor background;

    public ObservedStateProcessor(InstanceRepository instances, PlacementRepository placement,
            HostStateCache cache, VolumeAttachmentRepository attachments, ObjectProvider<VolumeAttachments> volumes,
            InstanceActionLog actions, InstancePlacer placer, ServerDeleter deleter, DesiredStateChanges changes,
            HaPolicy haPolicy, SchedulerSettings schedulerSettings, Transactions transactions, JdbcClient jdbc,
            Executor background) {
        this.instances = requireNonNull(instances, "instances is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.placer = requireNonNull(placer, "placer is null");
        this.deleter = requireNonNull(deleter, "deleter is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.haPolicy = requireNonNull(haPolicy, "haPolicy is null");
        this.schedulerSettings = requireNonNull(schedulerSettings, "schedulerSettings is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.background = requireNonNull(background, "background is null");
    }

    public void process(AgentHost host, List<ObservedInstance> report) {
        Map<String, ObservedInstance> reported = new HashMap<>();
        report.forEach(o -> reported.put(o.id(), o));
        List<Instance> live = instances.listByHost(host.id());
        Map<String, List<VolumeAttachment>> attached = attachments.list(live.stream().map(Instance::id).toList());
        for (Instance instance : live) {
            ObservedInstance observed = reported.get(instance.id());
            if (changed(instance, observed)
                    || hasVolumeWork(attached.getOrDefault(instance.id(), List.of()), observed)) {
                transactions.run(() -> apply(host, instance.id(), observed));
            }
        }
        for (String deletedId : instances.listCleanupPending(host.id())) {
            if (!reported.containsKey(deletedId)) {
                deleter.finish(deletedId, host.hostname());
            }
        }
    }

    /** Whether a report says anything new about a server, so that unchanged servers cost no write. */
    private static boolean changed(Instance i, ObservedInstance o) {
        if (o == null) {
            return i.powerState() != PowerState.NOSTATE && !i.vmState().equals(VmState.BUILDING);
        }
        return o.power() != i.powerState() || o.appliedRevision() != i.observedRevision()
                || o.appliedReboot() != i.observedReboot() || !Objects.equals(o.vncPort(), i.vncPort())
                || !Objects.equals(o.vncHost(), i.vncHost()) || (o.failed() && o.attemptedRevision() == i.revision()
                && !i.vmState().equals(VmState.ERROR)) || (i.taskState() != null && i.taskRevision() != null
                && o.appliedRevision() >= i.taskRevision()) || needsSync(i, o);
    }

    private static boolean hasVolumeWork(List<VolumeAttachment> attached, ObservedInstance o) {
        if (o == null) {
            return false;
        }
        for (VolumeAttachment a : attached) {
            boolean plugged = o.volumes().contains(a.volumeId());
            if ((a.status().equals(VolumeAttachment.ATTACHING) && plugged)
                    || (a.status().equals(VolumeAttachment.DETACHING) && !plugged)) {
                return true;
            }
        }
        return false;
    }

    private static boolean needsSync(Instance i, ObservedInstance o) {
        if (i.taskState() != null || o.appliedRevision() < i.revision()) {
            return false;
        }
        boolean off = o.power() == PowerState.SHUTDOWN || o.power() == PowerState.CRASHED;
        return ((i.vmState().equals(VmState.ACTIVE) || i.vmState().equals(VmState.PAUSED)) && off)
                || (i.vmState().equals(VmState.STOPPED) && o.power() == PowerState.RUNNING);
    }

    private void apply(AgentHost host, String id, ObservedInstance o) {
        Instance i = instances.lock(id).filter(x -> host.id().equals(x.hostId())).orElse(null);
        if (i == null) {
            return;
        }
        PowerState power = o == null ? PowerState.NOSTATE : o.power();
        long applied = o == null ? i.observedRevision() : o.appliedRevision();
        instances.recordObserved(id, power, applied, o == null ? i.observedReboot() : o.appliedReboot(),
                o == null ? null : o.vncHost(), o == null ? null : o.vncPort());
        if (o == null) {
            return;
        }
        volumeChanges(host, i, o);
        if (o.failed() && o.attemptedRevision() == i.revision() && !i.vmState().equals(VmState.ERROR)) {
            if (i.vmState().equals(VmState.BUILDING)) {
                rescheduleOrFail(host, i, o);
            } else if (i.taskState() == null && detachFailed(host, i, o)) {
                log.warn("Volume detach failed; the volume stays attached instance_id={} host={} error=\"{}\"",
                        i.id(), host.hostname(), o.errorMessage());
            } else {
                error(host, i, o);
            }
        } else if (i.taskState() != null && i.taskRevision() != null && applied >= i.taskRevision()) {
            complete(host, i, power);
        } else if (needsSync(i, o)) {
            sync(host, i, power);
        }
    }

    private void complete(AgentHost host, Instance i, PowerState power) {
        String vmState = switch (i.taskState()) {
            case VmState.RESIZE_MIGRATING, VmState.RESIZE_FINISH -> VmState.RESIZED;
            default -> byPower(power);
        };
        instances.finishTask(i.id(), vmState, i.launchedAt() == null && power == PowerState.RUNNING,
                vmState.equals(VmState.STOPPED) && i.desiredPower() != DesiredPower.STOPPED);
        actions.finishLatest(i.id(), InstanceActionLog.SUCCESS, host.hostname(), null);
        log.info("Server task done instance_id={} task={} vm_state={} power_state={} host={}", i.id(), i.taskState(),
                vmState, power, host.hostname());
    }

    private void error(AgentHost host, Instance i, ObservedInstance o) {
        instances.markError(i.id(), o.errorMessage(), o.errorDetails());
        actions.finishLatest(i.id(), InstanceActionLog.ERROR, host.hostname(), o.errorMessage());
        log.warn("Server task failed instance_id={} task={} host={} error=\"{}\"", i.id(), i.taskState(),
                host.hostname(), o.errorMessage());
    }

    /**
     * The detaches the agent failed (the volumes it still has plugged in) go back to attached, and a new revision
     * lists them again so that the agent's view agrees; false when no detach was pending.
     */
    private boolean detachFailed(AgentHost host, Instance i, ObservedInstance o) {
        List<VolumeAttachment> stuck = attachments.list(i.id()).stream()
                .filter(a -> a.status().equals(VolumeAttachment.DETACHING) && o.volumes().contains(a.volumeId()))
                .toList();
        if (stuck.isEmpty()) {
            return false;
        }
        stuck.forEach(a -> attachments.transition(a.id(), VolumeAttachment.DETACHING, VolumeAttachment.ATTACHED));
        instances.bumpRevision(i.id(), i.revision() + 1);
        actions.finishLatest(i.id(), InstanceActionLog.ERROR, host.hostname(), o.errorMessage());
        changes.changed(host.id());
        return true;
    }

    private void rescheduleOrFail(AgentHost host, Instance i, ObservedInstance o) {
        placement.release(i.id());
        List<String> tried = new ArrayList<>(i.triedHosts());
        tried.add(host.id());
        actions.event(i.id(), "compute__do_build_and_run_instance", InstanceActionLog.ERROR, host.hostname(),
                o.errorMessage());
        boolean exhausted = i.buildAttempts() >= schedulerSettings.maxBuildAttempts();
        if (exhausted) {
            instances.unbindAndMarkError(i.id(), tried, i.revision() + 1, "Exceeded maximum number of retries. "
                    + "Exhausted all hosts available for retrying build failures for instance " + i.id() + ".",
                    o.errorMessage() + (o.errorDetails() == null ? "" : "\n" + o.errorDetails()));
            actions.finishLatest(i.id(), InstanceActionLog.ERROR, host.hostname(), o.errorMessage());
        } else {
            instances.unbindForReschedule(i.id(), tried, i.revision() + 1);
        }
        changes.changed(host.id());
        cache.invalidate();
        if (exhausted) {
            log.warn("Server build failed on every attempt instance_id={} attempts={} last_host={} error=\"{}\"",
                    i.id(), i.buildAttempts(), host.hostname(), o.errorMessage());
        } else {
            log.warn("Server build failed, rescheduling instance_id={} attempt={} host={} error=\"{}\"", i.id(),
                    i.buildAttempts(), host.hostname(), o.errorMessage());
            Transactions.afterCommit(() -> background.execute(() -> placer.place(i.id())));
        }
    }

    private void sync(AgentHost host, Instance i, PowerState power) {
        long revision = i.revision() + 1;
        if (power == PowerState.RUNNING) {
            instances.bumpRevision(i.id(), revision);
            log.info("Server runs although it should be stopped; asking its agent to stop it instance_id={} host={}",
                    i.id(), host.hostname());
        } else if (haPolicy.enabled(i.flavor().extraSpecs(), instances.metadata(i.id())) && restartAllowed(i)) {
            instances.requestHardReboot(i.id(), revision, i.rebootCounter() + 1);
            jdbc.sql("INSERT INTO compute_ha_restart (instance_id, restarted_at) VALUES (?, ?)")
                    .params(i.id(), OffsetDateTime.now(ZoneOffset.UTC)).update();
            actions.startSystem(i.id(), "lightcloud-ha-restart");
            log.warn("Server stopped without a request; restarting it by its HA policy instance_id={} host={} "
                    + "power_state={}", i.id(), host.hostname(), power);
        } else {
            instances.syncStopped(i.id(), revision);
            actions.startSystem(i.id(), "stop");
            actions.finishLatest(i.id(), InstanceActionLog.SUCCESS, host.hostname(), "power state synced");
            log.warn("Server stopped without a request; it is now SHUTOFF instance_id={} host={} power_state={}",
                    i.id(), host.hostname(), power);
        }
        changes.changed(host.id());
    }

    private boolean restartAllowed(Instance i) {
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minus(haPolicy.window());
        long recent = jdbc.sql("SELECT COUNT(*) FROM compute_ha_restart WHERE instance_id = ? AND restarted_at > ?")
                .params(i.id(), since).query(Long.class).single();
        if (recent >= haPolicy.maxRestarts()) {
            log.warn("Server reached its HA restart limit; leaving it stopped instance_id={} restarts={} window={}",
                    i.id(), recent, haPolicy.window());
            return false;
        }
        return true;
    }

    private void volumeChanges(AgentHost host, Instance i, ObservedInstance o) {
        VolumeAttachments service = volumes.getIfAvailable();
        for (VolumeAttachment a : attachments.list(i.id())) {
            boolean plugged = o.volumes().contains(a.volumeId());
            if (a.status().equals(VolumeAttachment.ATTACHING) && plugged
                    && attachments.transition(a.id(), VolumeAttachment.ATTACHING, VolumeAttachment.ATTACHED)) {
                if (service != null) {
                    service.complete(a.attachmentId(), a.device());
                }
                log.info("Volume attached instance_id={} volume_id={} device={} host={}", i.id(), a.volumeId(),
                        a.device(), host.hostname());
            } else if (a.status().equals(VolumeAttachment.DETACHING) && !plugged && attachments.delete(a.id())) {
                if (service != null) {
                    service.detach(a.attachmentId());
                }
                actions.finishLatest(i.id(), InstanceActionLog.SUCCESS, host.hostname(), null);
                log.info("Volume detached instance_id={} volume_id={} host={}", i.id(), a.volumeId(), host.hostname());
            }
        }
    }

    private static String byPower(PowerState power) {
        return switch (power) {
            case RUNNING -> VmState.ACTIVE;
            case PAUSED -> VmState.PAUSED;
            case SUSPENDED -> VmState.SUSPENDED;
            default -> VmState.STOPPED;
        };
    }
}
