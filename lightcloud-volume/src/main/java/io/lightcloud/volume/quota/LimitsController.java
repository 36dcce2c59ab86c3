package io.lightcloud.volume.quota;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /limits}: the caller's absolute limits and usage; Lightcloud has no rate limits. */
@RestController
public class LimitsController {
    private static final Map<String, String> MAXIMA = Map.of(
            "maxTotalVolumes", "volumes",
            "maxTotalSnapshots", "snapshots",
            "maxTotalVolumeGigabytes", "gigabytes",
            "maxTotalBackups", "backups",
            "maxTotalBackupGigabytes", "backup_gigabytes");
    private static final Map<String, String> USED = Map.of(
            "totalVolumesUsed", "volumes",
            "totalSnapshotsUsed", "snapshots",
            "totalGigabytesUsed", "gigabytes",
            "totalBackupsUsed", "backups",
            "totalBackupGigabytesUsed", "backup_gigabytes");

    private final Quotas quotas;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;

    public LimitsController(Quotas quotas, CinderRequests requests, PolicyEnforcer policy) {
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping("/volume/v3/{project_id}/limits")
    public Map<String, Object> limits(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("limits_extension:used_limits", caller);
        // From 3.39 an admin may ask for another project's limits.
        String target = call.isAdmin() && call.atLeast(3, 39) && params.containsKey("project_id")
                ? params.get("project_id") : projectId;
        Map<String, Long> limits = quotas.limits(target);
        Map<String, Long> usage = quotas.usage(target);
        Map<String, Object> absolute = new LinkedHashMap<>();
        MAXIMA.forEach((name, resource) -> absolute.put(name, limits.get(resource)));
        USED.forEach((name, resource) -> absolute.put(name, usage.getOrDefault(resource, 0L)));
        return Map.of("limits", Map.of("rate", List.of(), "absolute", absolute));
    }
}
