package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.instance.VolumeAttachment;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.quota.QuotaLedger;
import io.lightcloud.compute.quota.QuotaResource;
import io.lightcloud.compute.scheduler.Scheduler;
import io.lightcloud.compute.servergroup.ServerGroupRepository;
import io.lightcloud.compute.store.Transactions;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes servers. In one transaction the server is marked deleted, its claims and quota usage are released, it
 * leaves its group, and its host's desired state drops it; the agent then destroys the VM and its files. Volumes
 * are detached once the agent no longer reports the server (right away when the server never had a host), so a
 * volume is never handed on while a VM may still write to it; those marked {@code delete_on_termination} are then
 * deleted. Ports go back to the network service at once (the
 * host's agent unplugs what no longer has a port).
 */
@Component
public class ServerDeleter {
    private static final Logger log = LoggerFactory.getLogger(ServerDeleter.class);

    private final InstanceRepository instances;
    private final PlacementRepository placement;
    private final Scheduler scheduler;
    private final ServerGroupRepository groups;
    private final VolumeAttachmentRepository attachments;
    private final ObjectProvider<VolumeAttachments> volumes;
    private final ObjectProvider<ServerNetworking> networking;
    private final QuotaLedger ledger;
    private final InstanceActionLog actions;
    private final DesiredStateChanges changes;
    private final PolicyEnforcer policy;
    private final Transactions transactions;
    private final JdbcClient jdbc;

    public ServerDeleter(InstanceRepository instances, PlacementRepository placement,
            Scheduler scheduler, ServerGroupRepository groups, VolumeAttachmentRepository attachments,
            ObjectProvider<VolumeAttachments> volumes, ObjectProvider<ServerNetworking> networking,
            QuotaLedger ledger, InstanceActionLog actions, DesiredStateChanges changes, PolicyEnforcer policy,
            Transactions transactions, JdbcClient jdbc) {
        this.instances = requireNonNull(instances, "instances is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.networking = requireNonNull(networking, "networking is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void delete(AuthContext caller, String id) {
        Instance deleted = transactions.run(() -> {
            Instance i = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce("os_compute_api:servers:delete", caller, ServerAccess.target(i));
            if (i.locked() && !caller.isAdmin()) {
                throw ServerAccess.locked(i);
            }
            instances.markDeleted(id, i.revision() + 1, i.hostId() != null);
            placement.release(id);
            if (i.migrationId() != null) {
                placement.release(i.migrationId());
            }
            String project = QuotaLedger.project(i.projectId());
            ledger.add(project, QuotaResource.INSTANCES, -1);
            ledger.add(project, QuotaResource.CORES, -i.flavor().vcpus());
            ledger.add(project, QuotaResource.RAM, -i.flavor().memoryMb());
            instances.groupOf(id).ifPresent(group -> {
                ledger.add(QuotaLedger.group(group), QuotaResource.SERVER_GROUP_MEMBERS, -1);
                groups.removeMember(id);
            });
            jdbc.sql("DELETE FROM compute_console_token WHERE instance_id = ?").param(id).update();
            attachments.setStatusAll(id, VolumeAttachment.DETACHING);
            actions.start(id, "delete", caller);
            if (i.hostId() == null) {
                actions.finishLatest(id, InstanceActionLog.SUCCESS, null, null);
            } else {
                changes.changed(i.hostId());
            }
            return i;
        });
        scheduler.cache().invalidate();
        ServerNetworking network = networking.getIfAvailable();
        if (network != null) {
            network.release(id);
        }
        if (deleted.hostId() == null) {
            detachVolumes(id);
        }
        log.info("Deleted server instance_id={} host_id={} user_id={}", id, deleted.hostId(), caller.userId());
    }

    /** The host no longer runs a deleted server: its volumes go back to the volume service, its action finishes. */
    public void finish(String instanceId, String hostname) {
        detachVolumes(instanceId);
        transactions.run(() -> {
            instances.finishCleanup(instanceId);
            actions.finishLatest(instanceId, InstanceActionLog.SUCCESS, hostname, null);
        });
        log.info("Host confirmed the deleted server is gone instance_id={} host={}", instanceId, hostname);
    }

    private static void deleteVolume(VolumeAttachments service, String instanceId, String volumeId) {
        try {
            service.delete(volumeId);
            log.info("Deleted volume of deleted server (delete_on_termination) instance_id={} volume_id={}",
                    instanceId, volumeId);
        } catch (RuntimeException e) {
            log.warn("Cannot delete volume of deleted server instance_id={} volume_id={} error=\"{}\"", instanceId,
                    volumeId, e.getMessage());
        }
    }

    private void detachVolumes(String instanceId) {
        List<VolumeAttachment> attached = attachments.list(instanceId);
        if (attached.isEmpty()) {
            return;
        }
        Optional<VolumeAttachments> service = Optional.ofNullable(volumes.getIfAvailable());
        for (VolumeAttachment a : attached) {
            if (a.attachmentId() != null) {
                service.ifPresent(s -> s.detach(a.attachmentId()));
            }
            attachments.delete(a.id());
            log.info("Detached volume of deleted server instance_id={} volume_id={}", instanceId, a.volumeId());
            if (a.deleteOnTermination()) {
                service.ifPresent(s -> deleteVolume(s, instanceId, a.volumeId()));
            }
        }
    }
}
