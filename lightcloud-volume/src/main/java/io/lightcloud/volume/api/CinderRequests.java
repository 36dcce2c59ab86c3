package io.lightcloud.volume.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.microversion.ApiVersion;
import io.lightcloud.common.microversion.MicroversionNegotiator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Opens every call under {@code /volume/v3/{project_id}}: negotiates the microversion (3.0 to 3.60) and checks that
 * the URL names the token's project. Cinder answers a different project with 400 "Malformed request url" for every
 * caller, admins included (cinder/api/openstack/wsgi.py): an admin reaches other projects' resources through their
 * own project's URL, with {@code all_tenants} or a project in the path of the resource.
 */
public final class CinderRequests {
    public static final ApiVersion MIN_VERSION = new ApiVersion(3, 0);
    public static final ApiVersion MAX_VERSION = new ApiVersion(3, 60);

    private final MicroversionNegotiator negotiator = new MicroversionNegotiator("volume", null, MIN_VERSION,
            MAX_VERSION);
    private final ExternalUrl externalUrl;

    public CinderRequests(ExternalUrl externalUrl) {
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    public CinderRequest begin(AuthContext caller, String projectId, HttpServletRequest request,
            HttpServletResponse response) {
        ApiVersion version = negotiator.negotiate(request);
        negotiator.describe(version, response);
        if (!projectId.equals(caller.projectId())) {
            throw VolumeFaults.malformedUrl();
        }
        return new CinderRequest(caller, projectId, version, externalUrl.resolve(request));
    }
}
