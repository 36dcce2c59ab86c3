package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.instance.VolumeAttachment;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import io.lightcloud.compute.scheduler.ClaimRejectedException;
import io.lightcloud.compute.scheduler.GroupConstraint;
import io.lightcloud.compute.scheduler.HostState;
import io.lightcloud.compute.scheduler.NoValidHostException;
import io.lightcloud.compute.scheduler.ScheduleRequest;
import io.lightcloud.compute.scheduler.Scheduler;
import io.lightcloud.compute.servergroup.ServerGroup;
import io.lightcloud.compute.servergroup.ServerGroupRepository;
import io.lightcloud.compute.store.Transactions;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Puts a building server on a host: schedules it, claims its resources and binds it to the host in the claim's
 * transaction, so a server never has a host without a claim nor a claim without a host. A server in a hard
 * affinity or anti-affinity group is checked again under the group's row lock in that transaction, which makes the
 * policy hold under concurrent creates. When no host fits, the server goes to ERROR with Nova's fault.
 */
@Component
public class InstancePlacer {
    private static final Logger log = LoggerFactory.getLogger(InstancePlacer.class);

    private final InstanceRepository instances;
    private final ServerGroupRepository groups;
    private final HostRepository hosts;
    private final VolumeAttachmentRepository attachments;
    private final ObjectProvider<VolumeAttachments> volumes;
    private final ObjectProvider<ServerNetworking> networking;
    private final Scheduler scheduler;
    private final InstanceActionLog actions;
    private final DesiredStateChanges changes;
    private final Transactions transactions;

    public InstancePlacer(InstanceRepository instances, ServerGroupRepository groups, HostRepository hosts,
            VolumeAttachmentRepository attachments, ObjectProvider<VolumeAttachments> volumes,
            ObjectProvider<ServerNetworking> networking, Scheduler scheduler, InstanceActionLog actions,
            DesiredStateChanges changes, Transactions transactions) {
        this.instances = requireNonNull(instances, "instances is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.networking = requireNonNull(networking, "networking is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    /** Schedules a server that waits for a host; does nothing when it no longer waits (deleted, placed). */
    public void place(String instanceId) {
        Optional<Instance> waiting = instances.find(instanceId).filter(InstancePlacer::waitsForHost);
        if (waiting.isEmpty()) {
            return;
        }
        Instance instance = waiting.get();
        try {
            HostState host = scheduler.place(() -> request(instance), claimed -> bind(instance, claimed));
            ServerNetworking network = networking.getIfAvailable();
            if (network != null) {
                network.bind(instanceId, host.id());
            }
            log.info("Scheduled server instance_id={} host={} attempt={}", instanceId, host.hostname(),
                    instance.buildAttempts() + 1);
        } catch (NoValidHostException e) {
            fail(instanceId, e.getMessage(), instance.triedHosts().isEmpty() ? null
                    : "Tried hosts " + instance.triedHosts() + "; the last build failure is in the action log.");
        } catch (InstanceGoneException e) {
            log.info("Server went away while being scheduled instance_id={}", instanceId);
        } catch (RuntimeException e) {
            log.error("Scheduling failed instance_id={}", instanceId, e);
            fail(instanceId, "Build of instance " + instanceId + " aborted by an unexpected error.", null);
        }
    }

    /** Marks a server that cannot be built as ERROR with a fault; its claims are already released. */
    public void fail(String instanceId, String message, String details) {
        boolean failed = transactions.run(() -> {
            Optional<Instance> current = instances.lock(instanceId).filter(i -> i.vmState().equals(VmState.BUILDING));
            if (current.isEmpty()) {
                return false;
            }
            instances.failBuild(instanceId, message, details);
            actions.finishLatest(instanceId, InstanceActionLog.ERROR, null, message);
            return true;
        });
        if (failed) {
            log.warn("Server build failed instance_id={} reason=\"{}\"", instanceId, message);
        }
    }

    private static boolean waitsForHost(Instance i) {
        return i.hostId() == null && i.vmState().equals(VmState.BUILDING) && VmState.SCHEDULING.equals(i.taskState());
    }

    private ScheduleRequest request(Instance instance) {
        String zone = instance.requestedAz();
        String forcedHost = null;
        if (zone != null && zone.contains(":")) {
            forcedHost = zone.substring(zone.indexOf(':') + 1);
            zone = zone.substring(0, zone.indexOf(':'));
        }
        GroupConstraint group = instances.groupOf(instance.id()).flatMap(groups::find)
                .map(g -> constraint(g, instance.id())).orElse(null);
        boolean volumeBacked = instance.imageId() == null;
        return new ScheduleRequest(instance.id(), instance.flavor().resources(volumeBacked),
                zone == null || zone.isEmpty() ? null : zone, forcedHost == null || forcedHost.isEmpty() ? null
                : forcedHost, instance.imageMeta().properties(), group, new HashSet<>(instance.triedHosts()),
                instance.flavor().extraSpecs());
    }

    private GroupConstraint constraint(ServerGroup group, String instanceId) {
        return new GroupConstraint(group.id(), group.policy(),
                group.maxServerPerHost() == null ? 1 : group.maxServerPerHost(),
                groups.memberHosts(group.id(), instanceId));
    }

    private void bind(Instance instance, HostState host) {
        Optional<String> groupId = instances.groupOf(instance.id());
        if (groupId.isPresent()) {
            ServerGroup group = groups.lock(groupId.get()).orElse(null);
            if (group != null && !allowed(constraint(group, instance.id()), host.id())) {
                throw new ClaimRejectedException("server group " + group.id() + " policy " + group.policy()
                        + " changed while scheduling");
            }
        }
        Instance current = instances.lock(instance.id()).filter(InstancePlacer::waitsForHost)
                .orElseThrow(InstanceGoneException::new);
        connectVolumes(current, host);
        instances.bindHost(current.id(), host.id(), host.availabilityZone(), current.buildAttempts() + 1,
                current.revision() + 1);
        actions.event(current.id(), "compute__schedule_instances", InstanceActionLog.SUCCESS, host.hostname(), null);
        changes.changed(host.id());
    }

    private static boolean allowed(GroupConstraint group, String hostId) {
        return switch (group.policy()) {
            case GroupConstraint.AFFINITY -> group.memberHosts().isEmpty() || group.membersOn(hostId) > 0;
            case GroupConstraint.ANTI_AFFINITY -> group.membersOn(hostId) < group.maxServerPerHost();
            default -> true;
        };
    }

    private void connectVolumes(Instance instance, HostState host) {
        List<VolumeAttachment> attached = attachments.list(instance.id());
        if (attached.isEmpty()) {
            return;
        }
        VolumeAttachments service = volumes.getIfAvailable();
        if (service == null) {
            throw new IllegalStateException("server " + instance.id() + " has volumes but no volume service runs");
        }
        String address = hosts.find(host.id()).map(h -> h.hostIp()).orElse(null);
        for (VolumeAttachment a : attached) {
            VolumeAttachments.Connection connection = service.connect(a.attachmentId(),
                    new VolumeAttachments.HostConnector(host.hostname(), address));
            attachments.setConnection(a.id(), connection.driverVolumeType(), connection.data());
        }
    }

    /** The server was deleted or placed by someone else while this scheduler worked on it. */
    static final class InstanceGoneException extends RuntimeException {
        InstanceGoneException() {
            super("instance no longer waits for a host");
        }
    }
}
