package io.lightcloud.volume.attachment;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderRequests;
import io.lightcloud.volume.api.CinderValues;
import io.lightcloud.volume.api.JsonMaps;
import io.lightcloud.volume.api.ListFilters;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.core.Attachment;
import io.lightcloud.volume.core.AttachmentRepository;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeAccess;
import io.lightcloud.volume.core.VolumeRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /attachments} (microversion 3.27, {@code os-complete} 3.44): the attachment API the compute service uses. */
@RestController
@RequestMapping("/volume/v3/{project_id}/attachments")
public class AttachmentController {
    private final Attachments attachments;
    private final AttachmentRepository repository;
    private final VolumeRepository volumes;
    private final VolumeAccess access;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;

    public AttachmentController(Attachments attachments, AttachmentRepository repository, VolumeRepository volumes,
            VolumeAccess access, CinderRequests requests, PolicyEnforcer policy) {
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.access = requireNonNull(access, "access is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @PostMapping
    public Map<String, Object> create(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response, 3, 27);
        JsonFields in = JsonFields.of(body, "attachment");
        Volume volume = access.get(call, in.requiredString("volume_uuid", 64), "volume:get");
        Map<String, Object> connector = in.object("connector").map(c -> JsonMaps.toMap(c.raw())).orElse(null);
        String mode = call.atLeast(3, 54) ? in.string("mode", 4).filter(m -> !m.equals("null")).orElse(null) : null;
        Attachment attachment = attachments.create(call, volume, in.string("instance_uuid", 64).orElse(null),
                connector, mode);
        return Map.of("attachment", detail(attachment));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response, 3, 27);
        return Map.of("attachments", items(call, params).stream().map(AttachmentController::summary).toList());
    }

    @GetMapping("/detail")
    public Map<String, Object> detailList(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response, 3, 27);
        return Map.of("attachments", items(call, params).stream().map(this::detail).toList());
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response, 3, 27);
        Attachment attachment = visible(call, id);
        policy.enforce("volume:attachment_get", caller, CinderRequest.target(attachment.projectId()));
        return Map.of("attachment", detail(attachment));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response, 3, 27);
        Attachment attachment = visible(call, id);
        JsonFields connector = JsonFields.of(body, "attachment").object("connector")
                .orElseThrow(() -> ApiException.badRequest("'connector' is a required property."));
        return Map.of("attachment", detail(attachments.update(call, attachment, JsonMaps.toMap(connector.raw()))));
    }

    @DeleteMapping("/{id}")
    public Map<String, Object> delete(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response, 3, 27);
        List<Attachment> remaining = attachments.delete(call, visible(call, id));
        return Map.of("attachments", remaining.stream().map(AttachmentController::summary).toList());
    }

    @PostMapping("/{id}/action")
    public ResponseEntity<Void> action(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response, 3, 44);
        if (body == null || !body.isObject() || body.size() != 1 || !body.has("os-complete")) {
            throw ApiException.badRequest("There is no such action: " + (body == null ? "" : body.propertyNames()));
        }
        attachments.complete(call, visible(call, id));
        return ResponseEntity.noContent().build();
    }

    private CinderRequest begin(AuthContext caller, String projectId, HttpServletRequest request,
            HttpServletResponse response, int major, int minor) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        if (!call.atLeast(major, minor)) {
            throw VolumeFaults.versionTooLow();
        }
        return call;
    }

    private Attachment visible(CinderRequest call, String id) {
        return repository.find(id).filter(a -> call.canSee(a.projectId()))
                .orElseThrow(() -> VolumeFaults.attachmentNotFound(id));
    }

    private List<Attachment> items(CinderRequest call, Map<String, String> params) {
        policy.enforce("volume:attachment_get", call.caller(), CinderRequest.target(call.projectId()));
        return repository.list(ListFilters.listedProject(call, params)).stream()
                .filter(a -> !params.containsKey("volume_id") || params.get("volume_id").equals(a.volumeId()))
                .filter(a -> !params.containsKey("instance_id") || params.get("instance_id").equals(a.instanceUuid()))
                .filter(a -> !params.containsKey("status") || params.get("status").equals(a.status().apiName()))
                .filter(a -> !params.containsKey("attach_status")
                        || params.get("attach_status").equals(a.status().apiName()))
                .toList();
    }

    private static Map<String, Object> summary(Attachment attachment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", attachment.id());
        view.put("status", attachment.status().apiName());
        view.put("instance", attachment.instanceUuid());
        view.put("volume_id", attachment.volumeId());
        return view;
    }

    private Map<String, Object> detail(Attachment attachment) {
        Map<String, Object> view = summary(attachment);
        view.put("attached_at", attachment.attachTime() == null ? "" : CinderValues.timestamp(attachment.attachTime()));
        view.put("detached_at", "");
        view.put("attach_mode", attachment.attachMode());
        view.put("connection_info", volumes.find(attachment.volumeId())
                .map(v -> attachments.connectionInfo(attachment, v)).orElse(Map.of()));
        return view;
    }
}
