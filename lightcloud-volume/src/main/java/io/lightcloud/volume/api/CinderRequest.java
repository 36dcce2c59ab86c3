package io.lightcloud.volume.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.microversion.ApiVersion;
import java.util.List;
import java.util.Map;

/**
 * One authenticated call to {@code /volume/v3/{project_id}}: the caller, the URL's project (always the caller's,
 * see {@link CinderRequests}), the negotiated microversion and the external base URL for links.
 */
public record CinderRequest(AuthContext caller, String projectId, ApiVersion version, String baseUrl) {
    public CinderRequest {
        requireNonNull(caller, "caller is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(version, "version is null");
        requireNonNull(baseUrl, "baseUrl is null");
    }

    public boolean atLeast(int major, int minor) {
        return version.atLeast(major, minor);
    }

    public boolean isAdmin() {
        return caller.isAdmin();
    }

    /** A policy target for a resource of {@code ownerProjectId}. */
    public static Map<String, Object> target(String ownerProjectId) {
        return Map.of("target.project_id", ownerProjectId);
    }

    /** Whether the caller sees resources of {@code ownerProjectId} at all; others are 404, as in Cinder. */
    public boolean canSee(String ownerProjectId) {
        return caller.isAdmin() || ownerProjectId.equals(caller.projectId());
    }

    /** The versioned URL of a collection in this project, such as {@code .../volume/v3/<project>/volumes}. */
    public String url(String collection) {
        return baseUrl + "/volume/v3/" + projectId + "/" + collection;
    }

    /** Cinder's {@code self} and {@code bookmark} links for a resource. */
    public List<Map<String, String>> links(String collection, String id) {
        return List.of(
                Map.of("href", url(collection) + "/" + id, "rel", "self"),
                Map.of("href", baseUrl + "/volume/" + projectId + "/" + collection + "/" + id, "rel", "bookmark"));
    }
}
