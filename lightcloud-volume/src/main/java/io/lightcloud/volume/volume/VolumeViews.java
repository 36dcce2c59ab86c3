package io.lightcloud.volume.volume;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderValues;
import io.lightcloud.volume.core.Attachment;
import io.lightcloud.volume.core.AttachmentRepository;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.metadata.MetadataOwner;
import io.lightcloud.volume.metadata.MetadataRepository;
import io.lightcloud.volume.task.VolumeTasks;
import io.lightcloud.volume.type.VolumeType;
import io.lightcloud.volume.type.VolumeTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Cinder's volume representations: the summary ({@code id}, {@code name}, {@code links}), the detail with the
 * fields of the negotiated microversion and the extension attributes the caller's policy allows (show and lists),
 * and the answer of create and update, which is the detail without those extension attributes: Cinder's
 * extensions ({@code os-vol-tenant-attr}, {@code os-vol-host-attr}, {@code os-vol-mig-status-attr},
 * {@code volume_image_metadata}) extend only show and detail, and clients such as Tempest refuse extra properties.
 */
@Component
public class VolumeViews {
    private final MetadataRepository metadata;
    private final AttachmentRepository attachments;
    private final VolumeTypes types;
    private final PolicyEnforcer policy;
    private final String host;

    public VolumeViews(MetadataRepository metadata, AttachmentRepository attachments, VolumeTypes types,
            PolicyEnforcer policy, VolumeTasks tasks) {
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.types = requireNonNull(types, "types is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.host = tasks.host();
    }

    public Map<String, Object> summary(CinderRequest call, Volume volume) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", volume.id());
        view.put("name", volume.name());
        view.put("links", call.links("volumes", volume.id()));
        return view;
    }

    public Map<String, Object> detail(CinderRequest call, Volume volume) {
        return details(call, List.of(volume)).get(0);
    }

    /** The answer of create and update. */
    public Map<String, Object> written(CinderRequest call, Volume volume) {
        return details(call, List.of(volume), false).get(0);
    }

    /** Details of many volumes, reading their metadata, attachments and types in a few queries. */
    public List<Map<String, Object>> details(CinderRequest call, List<Volume> volumes) {
        return details(call, volumes, true);
    }

    private List<Map<String, Object>> details(CinderRequest call, List<Volume> volumes, boolean extensions) {
        List<String> ids = volumes.stream().map(Volume::id).toList();
        Map<String, Map<String, String>> metadataById = metadata.getAll(MetadataOwner.VOLUME, ids);
        Map<String, List<Attachment>> attachmentsById = new HashMap<>();
        attachments.listByVolumes(ids).forEach(a -> attachmentsById.computeIfAbsent(a.volumeId(), k -> new ArrayList<>())
                .add(a));
        Map<String, VolumeType> typesById = new HashMap<>();
        types.all().forEach(t -> typesById.put(t.id(), t));
        List<Map<String, Object>> views = new ArrayList<>();
        for (Volume volume : volumes) {
            views.add(detail(call, volume, metadataById.getOrDefault(volume.id(), Map.of()),
                    attachmentsById.getOrDefault(volume.id(), List.of()), typesById.get(volume.typeId()), extensions));
        }
        return views;
    }

    private Map<String, Object> detail(CinderRequest call, Volume volume, Map<String, String> meta,
            List<Attachment> volumeAttachments, VolumeType type, boolean extensions) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", volume.id());
        view.put("status", volume.status().apiName());
        view.put("size", volume.sizeGb());
        view.put("availability_zone", volume.availabilityZone());
        view.put("created_at", CinderValues.timestamp(volume.createdAt()));
        view.put("updated_at", CinderValues.timestamp(volume.updatedAt()));
        view.put("name", volume.name());
        view.put("description", volume.description());
        view.put("volume_type", type == null ? volume.typeId() : type.name());
        view.put("snapshot_id", volume.snapshotId());
        view.put("source_volid", volume.sourceVolid());
        view.put("metadata", meta);
        view.put("links", call.links("volumes", volume.id()));
        view.put("user_id", volume.userId());
        view.put("bootable", Boolean.toString(volume.bootable()));
        view.put("encrypted", false);
        view.put("replication_status", null);
        view.put("consistencygroup_id", null);
        view.put("multiattach", false);
        view.put("attachments", attachments(call, volumeAttachments));
        Map<String, Object> target = CinderRequest.target(volume.projectId());
        if (call.isAdmin()) {
            view.put("migration_status", null);
        }
        if (call.atLeast(3, 13)) {
            view.put("group_id", null);
        }
        if (call.isAdmin() && call.atLeast(3, 21)) {
            view.put("provider_id", null);
        }
        if (call.atLeast(3, 48)) {
            view.put("shared_targets", false);
            view.put("service_uuid", null);
        }
        if (!extensions) {
            return view;
        }
        if (policy.allows("volume_extension:volume_tenant_attribute", call.caller(), target)) {
            view.put("os-vol-tenant-attr:tenant_id", volume.projectId());
        }
        if (policy.allows("volume_extension:volume_host_attribute", call.caller(), target)) {
            view.put("os-vol-host-attr:host", host + "@" + volume.backend() + "#" + volume.backend());
        }
        if (policy.allows("volume_extension:volume_mig_status_attribute", call.caller(), target)) {
            view.put("os-vol-mig-status-attr:migstat", null);
            view.put("os-vol-mig-status-attr:name_id", null);
        }
        if (!volume.imageMetadata().isEmpty()
                && policy.allows("volume_extension:volume_image_metadata", call.caller(), target)) {
            view.put("volume_image_metadata", volume.imageMetadata());
        }
        return view;
    }

    private static List<Map<String, Object>> attachments(CinderRequest call, List<Attachment> attachments) {
        List<Map<String, Object>> views = new ArrayList<>();
        for (Attachment a : attachments) {
            if (a.status() != Attachment.Status.ATTACHED) {
                continue;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", a.volumeId());
            view.put("attachment_id", a.id());
            view.put("volume_id", a.volumeId());
            view.put("server_id", a.instanceUuid());
            view.put("host_name", call.isAdmin() ? a.attachedHost() : null);
            view.put("device", a.mountpoint());
            view.put("attached_at", CinderValues.timestamp(a.attachTime()));
            views.add(view);
        }
        return views;
    }
}
