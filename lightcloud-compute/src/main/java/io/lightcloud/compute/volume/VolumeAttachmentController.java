package io.lightcloud.compute.volume;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.instance.VolumeAttachment;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Nova's {@code os-volume_attachments}. Attaching reserves the volume with the volume service, gets its connection
 * for the server's host and adds it to the server's desired state; the agent hot-plugs it and its report completes
 * the attach. Detaching drops it from the desired state; the agent unplugs it and its report releases the volume.
 */
@RestController
@RequestMapping("/compute/v2.1/servers/{id}/os-volume_attachments")
public class VolumeAttachmentController {
    private static final Logger log = LoggerFactory.getLogger(VolumeAttachmentController.class);
    private static final Set<String> ATTACHABLE = Set.of(VmState.ACTIVE, VmState.PAUSED, VmState.STOPPED,
            VmState.SUSPENDED, VmState.RESIZED);

    private final InstanceRepository instances;
    private final VolumeAttachmentRepository attachments;
    private final HostRepository hosts;
    private final ObjectProvider<VolumeAttachments> volumes;
    private final InstanceActionLog actions;
    private final DesiredStateChanges changes;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public VolumeAttachmentController(InstanceRepository instances, VolumeAttachmentRepository attachments,
            HostRepository hosts, ObjectProvider<VolumeAttachments> volumes, InstanceActionLog actions,
            DesiredStateChanges changes, PolicyEnforcer policy, Transactions transactions) {
        this.instances = requireNonNull(instances, "instances is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-volumes-attachments:index", caller, ServerAccess.target(instance));
        List<Map<String, Object>> views = new ArrayList<>();
        for (VolumeAttachment a : attachments.list(id)) {
            if (!a.status().equals(VolumeAttachment.DETACHING)) {
                views.add(view(a, request));
            }
        }
        return Map.of("volumeAttachments", views);
    }

    @GetMapping("/{volumeId}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, @PathVariable String volumeId,
            HttpServletRequest request) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-volumes-attachments:show", caller, ServerAccess.target(instance));
        VolumeAttachment a = attachments.find(id, volumeId).filter(x -> !x.status().equals(VolumeAttachment.DETACHING))
                .orElseThrow(() -> notAttached(id, volumeId));
        return Map.of("volumeAttachment", view(a, request));
    }

    @PostMapping
    public Map<String, Object> attach(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        Set<String> allowed = new HashSet<>(Set.of("volumeId", "device"));
        if (ComputeApiVersion.atLeast(request, 2, 49)) {
            allowed.add("tag");
        }
        if (ComputeApiVersion.atLeast(request, 2, 79)) {
            allowed.add("delete_on_termination");
        }
        JsonFields in = JsonFields.of(body, "volumeAttachment").allowOnly(allowed);
        String volumeId = in.requiredNonBlank("volumeId", 64);
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-volumes-attachments:create", caller, ServerAccess.target(instance));
        ServerAccess.requireAttachable(caller, instance, ATTACHABLE, "attach_volume");
        if (attachments.find(id, volumeId).isPresent()) {
            throw ApiException.conflict("volume " + volumeId + " already attached");
        }
        VolumeAttachments service = volumes.getIfAvailable();
        if (service == null) {
            throw ApiException.badRequest("The volume service is not available.");
        }
        if (service.find(volumeId, caller).isEmpty()) {
            throw ApiException.notFound("Volume " + volumeId + " could not be found.");
        }
        String attachmentId = service.reserve(volumeId, id, caller);
        try {
            String hostname = hosts.find(instance.hostId()).map(h -> h.hostname()).orElseThrow();
            String address = hosts.find(instance.hostId()).map(h -> h.hostIp()).orElse(null);
            VolumeAttachments.Connection connection = service.connect(attachmentId,
                    new VolumeAttachments.HostConnector(hostname, address));
            VolumeAttachment created = transactions.run(() -> {
                Instance locked = ServerAccess.visible(instances.lock(id), id, caller);
                ServerAccess.requireAttachable(caller, locked, ATTACHABLE, "attach_volume");
                if (!instance.hostId().equals(locked.hostId())) {
                    throw ApiException.conflict("Instance " + id + " moved while the volume was being attached.");
                }
                VolumeAttachment a = new VolumeAttachment(UUID.randomUUID().toString(), id, volumeId, attachmentId,
                        nextDevice(locked), null, in.bool("delete_on_termination").orElse(false),
                        in.string("tag", 60).orElse(null), VolumeAttachment.ATTACHING,
                        connection.driverVolumeType(), connection.data(), null);
                attachments.insert(a);
                bump(locked, caller, "attach_volume");
                return a;
            });
            log.info("Attaching volume instance_id={} volume_id={} device={}", id, volumeId, created.device());
            return Map.of("volumeAttachment", view(created, request));
        } catch (RuntimeException e) {
            service.detach(attachmentId);
            throw e;
        }
    }

    @DeleteMapping("/{volumeId}")
    public ResponseEntity<Void> detach(AuthContext caller, @PathVariable String id, @PathVariable String volumeId) {
        transactions.run(() -> {
            Instance instance = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce("os_compute_api:os-volumes-attachments:delete", caller, ServerAccess.target(instance));
            if (instance.locked() && !caller.isAdmin()) {
                throw ServerAccess.locked(instance);
            }
            VolumeAttachment a = attachments.find(id, volumeId)
                    .filter(x -> !x.status().equals(VolumeAttachment.DETACHING))
                    .orElseThrow(() -> notAttached(id, volumeId));
            if (a.bootIndex() != null && a.bootIndex() == 0) {
                throw ApiException.badRequest("Cannot detach a root device volume");
            }
            if (instance.taskState() != null) {
                throw ServerAccess.invalidState("detach_volume", instance, "task_state", instance.taskState());
            }
            attachments.transition(a.id(), a.status(), VolumeAttachment.DETACHING);
            bump(instance, caller, "detach_volume");
        });
        log.info("Detaching volume instance_id={} volume_id={}", id, volumeId);
        return ResponseEntity.accepted().build();
    }

    private void bump(Instance instance, AuthContext caller, String action) {
        instances.bumpRevision(instance.id(), instance.revision() + 1);
        actions.start(instance.id(), action, caller);
        changes.changed(instance.hostId());
    }

    private String nextDevice(Instance instance) {
        Set<String> used = new HashSet<>();
        if (instance.imageId() != null) {
            used.add("/dev/vda");
        }
        attachments.list(instance.id()).forEach(a -> used.add(a.device()));
        for (char letter = 'a'; letter <= 'z'; letter++) {
            if (!used.contains("/dev/vd" + letter)) {
                return "/dev/vd" + letter;
            }
        }
        throw ApiException.badRequest("The server has no free device name left.");
    }

    private static Map<String, Object> view(VolumeAttachment a, HttpServletRequest request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("device", a.device());
        view.put("id", a.volumeId());
        view.put("serverId", a.instanceId());
        view.put("volumeId", a.volumeId());
        if (ComputeApiVersion.atLeast(request, 2, 70)) {
            view.put("tag", a.tag());
        }
        if (ComputeApiVersion.atLeast(request, 2, 79)) {
            view.put("delete_on_termination", a.deleteOnTermination());
        }
        if (ComputeApiVersion.atLeast(request, 2, 89)) {
            view.remove("id");
            view.put("attachment_id", a.attachmentId());
            view.put("bdm_uuid", a.id());
        }
        return view;
    }

    private static ApiException notAttached(String id, String volumeId) {
        return ApiException.notFound("volume_id not found: " + volumeId + " on instance " + id);
    }
}
