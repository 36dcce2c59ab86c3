package io.lightcloud.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.util.Map;

/** Creates projects, users and grants through the API, for tests that need a tenant with members. */
public final class IdentityFixture {
    private final ApiClient api;
    private final String adminToken;

    public IdentityFixture(ApiClient api, String adminToken) {
        this.api = api;
        this.adminToken = adminToken;
    }

    public String project(String name) {
        ApiClient.Response created = api.post("/identity/v3/projects", adminToken,
                Map.of("project", Map.of("name", name, "domain_id", "default")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("project").get("id").stringValue();
    }

    public String user(String name, String password) {
        ApiClient.Response created = api.post("/identity/v3/users", adminToken,
                Map.of("user", Map.of("name", name, "password", password, "domain_id", "default")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("user").get("id").stringValue();
    }

    public String roleId(String name) {
        ApiClient.Response roles = api.get("/identity/v3/roles?name=" + name, adminToken);
        assertThat(roles.status()).isEqualTo(200);
        return roles.json().get("roles").get(0).get("id").stringValue();
    }

    public void grant(String projectId, String userId, String role) {
        ApiClient.Response granted = api.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/"
                + roleId(role), adminToken, null);
        assertThat(granted.status()).as(granted.text()).isEqualTo(204);
    }
}
