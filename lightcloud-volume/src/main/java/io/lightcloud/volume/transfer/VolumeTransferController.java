package io.lightcloud.volume.transfer;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderRequests;
import io.lightcloud.volume.api.CinderValues;
import io.lightcloud.volume.api.ListFilters;
import io.lightcloud.volume.api.ListQuery;
import io.lightcloud.volume.api.VolumeFaults;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Cinder's volume transfers, at {@code os-volume-transfer} and, from microversion 3.55, {@code volume-transfers}
 * (which adds {@code no_snapshots}); 3.57 shows the source and destination projects and {@code accepted}. The key
 * is in the create answer only.
 */
@RestController
@RequestMapping("/volume/v3/{project_id}")
public class VolumeTransferController {
    private static final String LEGACY = "os-volume-transfer";
    private static final String CURRENT = "volume-transfers";
    private static final List<String> SORT_KEYS = List.of("id", "name", "created_at", "volume_id");
    private static final Map<String, Function<VolumeTransfer, Comparable<?>>> SORTERS = Map.of(
            "id", VolumeTransfer::id,
            "name", t -> t.name() == null ? "" : t.name(),
            "created_at", VolumeTransfer::createdAt,
            "volume_id", VolumeTransfer::volumeId);

    private final VolumeTransfers transfers;
    private final VolumeTransferRepository repository;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;

    public VolumeTransferController(VolumeTransfers transfers, VolumeTransferRepository repository,
            CinderRequests requests, PolicyEnforcer policy) {
        this.transfers = requireNonNull(transfers, "transfers is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @PostMapping({"/" + LEGACY, "/" + CURRENT})
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response);
        JsonFields in = JsonFields.of(body, "transfer");
        String volumeId = in.requiredNonBlank("volume_id", 64);
        boolean noSnapshots = call.atLeast(3, 55)
                && Boolean.TRUE.equals(CinderValues.bool(in.raw().get("no_snapshots"), "no_snapshots"));
        VolumeTransfers.Offer offer = transfers.create(call, volumeId, CinderValues.displayText(in, "name",
                "display_name"), noSnapshots);
        Map<String, Object> view = view(call, offer.transfer(), true, collection(request));
        view.put("auth_key", offer.authKey());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("transfer", view));
    }

    @GetMapping({"/" + LEGACY, "/" + LEGACY + "/detail", "/" + CURRENT, "/" + CURRENT + "/detail"})
    public Map<String, Object> list(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response);
        policy.enforce("volume:get_all_transfers", caller, CinderRequest.target(projectId));
        boolean detail = request.getRequestURI().endsWith("/detail");
        String collection = collection(request);
        ListQuery query = ListQuery.parse(params, SORT_KEYS);
        String name = params.get("name");
        List<VolumeTransfer> matching = repository.list(ListFilters.listedProject(call, params)).stream()
                .filter(t -> name == null || name.equals(t.name())).toList();
        List<VolumeTransfer> page = query.apply(matching, SORTERS, VolumeTransfer::id);
        Map<String, Object> body = ListQuery.body("transfers", page.stream()
                .map(t -> view(call, t, detail, collection)).toList());
        query.addNextLink(body, "transfers", call.url(detail ? collection + "/detail" : collection), page,
                VolumeTransfer::id);
        return body;
    }

    @GetMapping({"/" + LEGACY + "/{id}", "/" + CURRENT + "/{id}"})
    public Map<String, Object> show(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response);
        return Map.of("transfer", view(call, transfers.get(call, id, "volume:get_transfer"), true,
                collection(request)));
    }

    @DeleteMapping({"/" + LEGACY + "/{id}", "/" + CURRENT + "/{id}"})
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        transfers.delete(begin(caller, projectId, request, response), id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @PostMapping({"/" + LEGACY + "/{id}/accept", "/" + CURRENT + "/{id}/accept"})
    public ResponseEntity<Map<String, Object>> accept(AuthContext caller,
            @PathVariable("project_id") String projectId, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = begin(caller, projectId, request, response);
        String authKey = JsonFields.of(body, "accept").requiredNonBlank("auth_key", 255);
        VolumeTransfer accepted = transfers.accept(call, id, authKey);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", accepted.id());
        view.put("name", accepted.name());
        view.put("volume_id", accepted.volumeId());
        view.put("links", call.links(collection(request), accepted.id()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("transfer", view));
    }

    /** Starts the call; the 3.55 collection does not exist below 3.55. */
    private CinderRequest begin(AuthContext caller, String projectId, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        if (collection(request).equals(CURRENT) && !call.atLeast(3, 55)) {
            throw VolumeFaults.versionTooLow();
        }
        return call;
    }

    private static String collection(HttpServletRequest request) {
        return request.getRequestURI().contains("/" + CURRENT) ? CURRENT : LEGACY;
    }

    private static Map<String, Object> view(CinderRequest call, VolumeTransfer transfer, boolean detail,
            String collection) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", transfer.id());
        if (detail) {
            view.put("created_at", CinderValues.timestamp(transfer.createdAt()));
        }
        view.put("name", transfer.name());
        view.put("volume_id", transfer.volumeId());
        if (detail && call.atLeast(3, 55)) {
            view.put("no_snapshots", transfer.noSnapshots());
        }
        if (detail && call.atLeast(3, 57)) {
            view.put("source_project_id", transfer.sourceProjectId());
            view.put("destination_project_id", null);
            view.put("accepted", false);
        }
        view.put("links", call.links(collection, transfer.id()));
        return view;
    }
}
