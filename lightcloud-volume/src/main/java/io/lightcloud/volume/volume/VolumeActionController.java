package io.lightcloud.volume.volume;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry.ImageData;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderRequests;
import io.lightcloud.volume.api.CinderValues;
import io.lightcloud.volume.api.JsonMaps;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.attachment.Attachments;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeAccess;
import io.lightcloud.volume.core.VolumeRepository;
import io.lightcloud.volume.core.VolumeStatus;
import io.lightcloud.volume.type.VolumeType;
import io.lightcloud.volume.type.VolumeTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /volumes/{id}/action}: Cinder's volume actions, one per request body key. */
@RestController
public class VolumeActionController {
    private static final String ACTIONS = "volume_extension:volume_actions:";
    private static final Set<String> DISK_FORMATS = Set.of("raw", "qcow2", "vmdk", "vdi", "vhd", "vhdx");
    private static final Set<String> CONTAINER_FORMATS = Set.of("bare", "ovf", "ova", "aki", "ari", "ami", "docker",
            "compressed");
    private static final Set<String> VISIBILITIES = Set.of("public", "private", "shared", "community");

    private final VolumeRepository volumes;
    private final VolumeAccess access;
    private final VolumeResizer resizer;
    private final VolumeDeleter deleter;
    private final VolumeUploader uploader;
    private final Attachments attachments;
    private final VolumeTypes types;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;

    public VolumeActionController(VolumeRepository volumes, VolumeAccess access, VolumeResizer resizer,
            VolumeDeleter deleter, VolumeUploader uploader, Attachments attachments, VolumeTypes types,
            CinderRequests requests, PolicyEnforcer policy, TransactionTemplate transactions) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.access = requireNonNull(access, "access is null");
        this.resizer = requireNonNull(resizer, "resizer is null");
        this.deleter = requireNonNull(deleter, "deleter is null");
        this.uploader = requireNonNull(uploader, "uploader is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.types = requireNonNull(types, "types is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @PostMapping("/volume/v3/{project_id}/volumes/{id}/action")
    public ResponseEntity<?> action(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        if (body == null || !body.isObject() || body.size() != 1) {
            throw ApiException.badRequest("Malformed request body: an action body has exactly one action.");
        }
        String action = body.propertyNames().iterator().next();
        JsonNode args = body.get(action);
        return switch (action) {
            case "os-extend" -> {
                Volume volume = access.get(call, id, "volume:extend");
                long newSize = fields(action, args).integer("new_size", 1, Integer.MAX_VALUE)
                        .orElseThrow(() -> ApiException.badRequest("'new_size' is a required property."));
                resizer.extend(volume, newSize);
                yield accepted();
            }
            case "os-reserve" -> {
                attachments.reserve(access.get(call, id, ACTIONS + "reserve"));
                yield accepted();
            }
            case "os-unreserve" -> {
                attachments.unreserve(access.get(call, id, ACTIONS + "unreserve"));
                yield accepted();
            }
            case "os-begin_detaching" -> {
                attachments.beginDetaching(access.get(call, id, ACTIONS + "begin_detaching"));
                yield accepted();
            }
            case "os-roll_detaching" -> {
                attachments.rollDetaching(access.get(call, id, ACTIONS + "roll_detaching"));
                yield accepted();
            }
            case "os-attach" -> {
                Volume volume = access.get(call, id, ACTIONS + "attach");
                JsonFields in = fields(action, args);
                attachments.attach(volume, in.string("instance_uuid", 64).orElse(null),
                        in.string("host_name", 255).orElse(null), in.requiredString("mountpoint", 255),
                        in.string("mode", 2).orElse("rw"));
                yield accepted();
            }
            case "os-detach" -> {
                Volume volume = access.get(call, id, ACTIONS + "detach");
                attachments.detach(volume, fields(action, args).string("attachment_id", 64).orElse(null));
                yield accepted();
            }
            case "os-initialize_connection" -> {
                Volume volume = access.get(call, id, ACTIONS + "initialize_connection");
                JsonFields connector = fields(action, args).object("connector")
                        .orElseThrow(() -> ApiException.badRequest("'connector' is a required property."));
                Map<String, Object> connectorMap = JsonMaps.toMap(connector.raw());
                yield ResponseEntity.ok(Map.of("connection_info",
                        attachments.initializeConnection(volume, connectorMap)));
            }
            case "os-terminate_connection" -> {
                access.get(call, id, ACTIONS + "terminate_connection");
                fields(action, args).object("connector")
                        .orElseThrow(() -> ApiException.badRequest("'connector' is a required property."));
                yield accepted();
            }
            case "os-set_bootable" -> {
                Volume volume = access.get(call, id, "volume:update");
                Boolean bootable = CinderValues.bool(fields(action, args).raw().get("bootable"), "bootable");
                if (bootable == null) {
                    throw ApiException.badRequest("'bootable' is a required property.");
                }
                transactions.executeWithoutResult(status -> volumes.setBootable(volume.id(), bootable));
                yield ResponseEntity.ok().build();
            }
            case "os-volume_upload_image" -> uploadImage(call, id, fields(action, args));
            case "os-set_image_metadata", "os-unset_image_metadata", "os-show_image_metadata" ->
                    imageMetadata(call, id, action, fields(action, args));
            case "os-reset_status" -> {
                Volume volume = access.get(call, id, "volume_extension:volume_admin_actions:reset_status");
                resetStatus(volume, fields(action, args));
                yield accepted();
            }
            case "os-force_delete" -> {
                Volume volume = access.get(call, id, "volume_extension:volume_admin_actions:force_delete");
                deleter.delete(volume, false, true);
                yield accepted();
            }
            default -> throw ApiException.badRequest("There is no such action: " + action);
        };
    }

    private ResponseEntity<?> uploadImage(CinderRequest call, String id, JsonFields in) {
        Volume volume = access.get(call, id, ACTIONS + "upload_image");
        String name = in.requiredNonBlank("image_name", 255);
        String diskFormat = in.string("disk_format", 32).orElse("raw");
        String containerFormat = in.string("container_format", 32).orElse("bare");
        if (!DISK_FORMATS.contains(diskFormat)) {
            throw VolumeFaults.invalidInput("Invalid disk-format '" + diskFormat + "' is specified. Allowed "
                    + "disk-formats are " + String.join(", ", DISK_FORMATS.stream().sorted().toList()) + ".");
        }
        if (!CONTAINER_FORMATS.contains(containerFormat)) {
            throw VolumeFaults.invalidInput("Invalid container-format '" + containerFormat + "' is specified.");
        }
        boolean force = Boolean.TRUE.equals(CinderValues.bool(in.raw().get("force"), "force"));
        String visibility = "private";
        if (call.atLeast(3, 1)) {
            visibility = in.string("visibility", 16).orElse("private");
            if (!VISIBILITIES.contains(visibility)) {
                throw VolumeFaults.invalidInput("Invalid visibility '" + visibility + "'.");
            }
            if (visibility.equals("public")) {
                policy.enforce(ACTIONS + "upload_public", call.caller(), CinderRequest.target(volume.projectId()));
            }
            if (Boolean.TRUE.equals(CinderValues.bool(in.raw().get("protected"), "protected"))) {
                throw VolumeFaults.invalidInput("Uploading a volume to a protected image is not supported.");
            }
        }
        if (volume.status() == VolumeStatus.IN_USE && !force) {
            throw VolumeFaults.invalidVolume("Volume " + volume.id() + " status must be available, but current status "
                    + "is: in-use. Use force to upload an attached volume.");
        }
        ImageData image = uploader.upload(call, volume, new VolumeUploader.Upload(name, diskFormat, containerFormat,
                visibility, force));
        Volume after = volumes.find(volume.id()).orElse(volume);
        VolumeType type = types.byId(after.typeId());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", after.id());
        result.put("updated_at", CinderValues.timestamp(after.updatedAt()));
        result.put("status", after.status().apiName());
        result.put("display_description", after.description());
        result.put("size", after.sizeGb());
        Map<String, Object> typeView = new LinkedHashMap<>();
        typeView.put("id", type.id());
        typeView.put("name", type.name());
        typeView.put("description", type.description());
        typeView.put("is_public", type.isPublic());
        result.put("volume_type", typeView);
        result.put("image_id", image.id());
        result.put("container_format", containerFormat);
        result.put("disk_format", diskFormat);
        result.put("image_name", name);
        result.put("visibility", visibility);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("os-volume_upload_image", result));
    }

    /** The image metadata of a volume ({@code volume_image_metadata}): set items, remove one, or show them. */
    private ResponseEntity<?> imageMetadata(CinderRequest call, String id, String action, JsonFields in) {
        String rule = switch (action) {
            case "os-set_image_metadata" -> "set";
            case "os-unset_image_metadata" -> "remove";
            default -> "show";
        };
        Volume volume = access.get(call, id, "volume_extension:volume_image_metadata:" + rule);
        Map<String, String> metadata = new LinkedHashMap<>(volume.imageMetadata());
        switch (rule) {
            case "set" -> {
                JsonFields items = in.object("metadata")
                        .orElseThrow(() -> ApiException.badRequest("'metadata' is a required property."));
                for (String key : items.names()) {
                    if (key.isEmpty() || key.length() > 255) {
                        throw VolumeFaults.invalidInput("Image metadata keys are 1 to 255 characters.");
                    }
                    metadata.put(key, items.requiredString(key, 255));
                }
            }
            case "remove" -> {
                String key = in.requiredString("key", 255);
                if (metadata.remove(key) == null) {
                    throw ApiException.notFound("Glance metadata for volume " + id + " with key " + key
                            + " could not be found.");
                }
            }
            default -> {
                return ResponseEntity.ok(Map.of("metadata", metadata));
            }
        }
        transactions.executeWithoutResult(status -> volumes.setImageMetadata(id, metadata));
        return rule.equals("set") ? ResponseEntity.ok(Map.of("metadata", metadata)) : ResponseEntity.ok().build();
    }

    private void resetStatus(Volume volume, JsonFields in) {
        String statusName = in.string("status", 32).orElse(null);
        String attachStatus = in.string("attach_status", 32).orElse(null);
        if (statusName == null && attachStatus == null && !in.has("migration_status")) {
            throw ApiException.badRequest("Must specify 'status', 'attach_status' or 'migration_status' for update.");
        }
        VolumeStatus status = statusName == null ? null : VolumeStatus.parse(statusName)
                .orElseThrow(() -> ApiException.badRequest("Must specify a valid status"));
        if (attachStatus != null && !List.of("attached", "detached").contains(attachStatus)) {
            throw ApiException.badRequest("Must specify a valid attach status");
        }
        transactions.executeWithoutResult(tx -> {
            if (status != null) {
                volumes.resetStatus(volume.id(), status);
            }
            if ("detached".equals(attachStatus)) {
                attachments.forget(volume.id());
            }
        });
    }

    private static ResponseEntity<?> accepted() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    /** The arguments of an action; Cinder accepts null for actions without arguments. */
    private static JsonFields fields(String action, JsonNode args) {
        if (args == null || args.isNull()) {
            return JsonFields.ofObject(JsonMaps.emptyObject(), action);
        }
        return JsonFields.ofObject(args, action);
    }
}
