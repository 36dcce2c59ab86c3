package io.lightcloud.network.api;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;

/** Which project a request acts for, and which projects' resources a caller sees. */
public final class Tenancy {
    private Tenancy() {
    }

    /** The admin sees every project's resources; others their own project's only. */
    public static boolean owns(AuthContext caller, String projectId) {
        return caller.isAdmin() || projectId.equals(caller.projectId());
    }

    /**
     * The project a new resource belongs to: {@code project_id} (or its alias {@code tenant_id}) from the request,
     * else the caller's. Whether the caller may create in that project is the create policy's decision.
     */
    public static String owningProject(AuthContext caller, JsonFields in) {
        String project = in.string("project_id", 64).orElse(null);
        String tenant = in.string("tenant_id", 64).orElse(null);
        if (project != null && tenant != null && !project.equals(tenant)) {
            throw NeutronFaults.badRequest("'project_id' and 'tenant_id' do not match.");
        }
        String chosen = project != null ? project : tenant != null ? tenant : caller.projectId();
        if (chosen == null || chosen.isBlank()) {
            throw NeutronFaults.badRequest("A project-scoped token or 'project_id' is required.");
        }
        return chosen;
    }
}
