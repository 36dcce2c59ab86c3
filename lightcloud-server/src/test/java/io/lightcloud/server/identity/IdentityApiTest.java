package io.lightcloud.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@Tag("database")
class IdentityApiTest extends ServerTestBase {
    private ApiClient api;
    private String admin;
    private IdentityFixture fixture;

    @BeforeEach
    void setUp() {
        api = api();
        admin = adminToken();
        fixture = new IdentityFixture(api, admin);
    }

    @Test
    void versionDocumentsAreServedWithoutAToken() {
        ApiClient.Response versions = api.get("/identity", null);
        assertThat(versions.status()).isEqualTo(300);
        assertThat(versions.json().at("/versions/values/0/id").stringValue()).isEqualTo("v3.14");
        ApiClient.Response v3 = api.get("/identity/v3", null);
        assertThat(v3.status()).isEqualTo(200);
        assertThat(v3.json().at("/version/links/0/href").stringValue()).endsWith("/identity/v3/");
        assertThat(v3.header("x-openstack-request-id")).startsWith("req-");
    }

    @Test
    void passwordTokenCarriesScopeRolesAndCatalog() {
        ApiClient.Response issued = api.post("/identity/v3/auth/tokens", null,
                ApiClient.passwordAuth("admin", ADMIN_PASSWORD, "admin"));
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.header("X-Subject-Token")).isNotBlank();
        JsonNode token = issued.json().get("token");
        assertThat(token.get("methods").get(0).stringValue()).isEqualTo("password");
        assertThat(token.at("/user/name").stringValue()).isEqualTo("admin");
        assertThat(token.at("/user/domain/id").stringValue()).isEqualTo("default");
        assertThat(token.at("/project/name").stringValue()).isEqualTo("admin");
        List<String> roles = new ArrayList<>();
        token.get("roles").forEach(r -> roles.add(r.get("name").stringValue()));
        assertThat(roles).contains("admin", "member", "reader");
        assertThat(token.get("expires_at").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(token.get("audit_ids")).hasSize(1);
        assertThat(token.at("/catalog/0/type").stringValue()).isEqualTo("identity");
        assertThat(token.at("/catalog/0/endpoints/0/url").stringValue())
                .isEqualTo(api.baseUrl() + "/identity/v3");
    }

    @Test
    void validationEchoesTheSubjectTokenAndNocatalogDropsTheCatalog() {
        ApiClient.Response validated = api.send("GET", "/identity/v3/auth/tokens?nocatalog", admin, null,
                Map.of("X-Subject-Token", admin));
        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.header("X-Subject-Token")).isEqualTo(admin);
        assertThat(validated.json().get("token").has("catalog")).isFalse();
        assertThat(api.send("HEAD", "/identity/v3/auth/tokens", admin, null, Map.of("X-Subject-Token", admin))
                .status()).isEqualTo(200);
    }

    @Test
    void rescopingKeepsExpiryAndChainsAuditIds() {
        String project = fixture.project(unique("rescope"));
        String user = fixture.user(unique("rescoper"), "pw-rescope");
        fixture.grant(project, user, "member");
        ApiClient.Response unscoped = api.post("/identity/v3/auth/tokens", null,
                Map.of("auth", Map.of("identity", Map.of("methods", List.of("password"), "password",
                        Map.of("user", Map.of("id", user, "password", "pw-rescope"))))));
        assertThat(unscoped.status()).isEqualTo(201);
        assertThat(unscoped.json().get("token").has("project")).isFalse();
        String unscopedToken = unscoped.header("X-Subject-Token");
        ApiClient.Response scoped = api.post("/identity/v3/auth/tokens", null, Map.of("auth", Map.of(
                "identity", Map.of("methods", List.of("token"), "token", Map.of("id", unscopedToken)),
                "scope", Map.of("project", Map.of("id", project)))));
        assertThat(scoped.status()).as(scoped.text()).isEqualTo(201);
        JsonNode token = scoped.json().get("token");
        assertThat(token.at("/project/id").stringValue()).isEqualTo(project);
        assertThat(token.get("expires_at").stringValue())
                .isEqualTo(unscoped.json().get("token").get("expires_at").stringValue());
        assertThat(token.get("audit_ids").get(1).stringValue())
                .isEqualTo(unscoped.json().get("token").get("audit_ids").get(0).stringValue());
        assertThat(token.get("methods").toString()).contains("token", "password");

        api.send("DELETE", "/identity/v3/auth/tokens", admin, null, Map.of("X-Subject-Token", unscopedToken));
        assertThat(api.get("/lightcloud/v1/session", scoped.header("X-Subject-Token")).status())
                .as("revoking a token revokes the tokens rescoped from it").isEqualTo(401);
    }

    @Test
    void wrongPasswordIs401AndRepeatedFailuresLockTheUser() throws InterruptedException {
        String name = unique("locky");
        fixture.user(name, "right-password");
        for (int i = 0; i < 3; i++) {
            ApiClient.Response wrong = api.post("/identity/v3/auth/tokens", null,
                    ApiClient.passwordAuth(name, "wrong-password", null));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().at("/error/code").intValue()).isEqualTo(401);
            assertThat(wrong.header("WWW-Authenticate")).startsWith("Keystone uri=");
        }
        ApiClient.Response locked = api.post("/identity/v3/auth/tokens", null,
                ApiClient.passwordAuth(name, "right-password", null));
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.json().at("/error/message").stringValue()).contains("locked");

        Thread.sleep(3_500);
        assertThat(api.post("/identity/v3/auth/tokens", null, ApiClient.passwordAuth(name, "right-password", null))
                .status()).as("the lock runs out after the lockout duration").isEqualTo(201);
    }

    @Test
    void parallelWrongPasswordsAllCountTowardsTheLock() throws Exception {
        String name = unique("parallel-locky");
        fixture.user(name, "right-password");
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<ApiClient.Response>> guesses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                guesses.add(pool.submit(() -> api.post("/identity/v3/auth/tokens", null,
                        ApiClient.passwordAuth(name, "wrong-password", null))));
            }
            int checked = 0;
            for (Future<ApiClient.Response> guess : guesses) {
                assertThat(guess.get().status()).isEqualTo(401);
                if (!guess.get().json().at("/error/message").stringValue().contains("locked")) {
                    checked++;
                }
            }
            assertThat(checked).as("only as many passwords are checked as the lock-out allows (3 in tests)")
                    .isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        ApiClient.Response right = api.post("/identity/v3/auth/tokens", null,
                ApiClient.passwordAuth(name, "right-password", null));
        assertThat(right.status()).as("40 parallel guesses count as 40 failures").isEqualTo(401);
        assertThat(right.json().at("/error/message").stringValue()).contains("locked");
    }

    @Test
    void unknownUserIs401WithoutSayingWhichPartWasWrong() {
        ApiClient.Response response = api.post("/identity/v3/auth/tokens", null,
                ApiClient.passwordAuth(unique("nobody"), "whatever", null));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().at("/error/message").stringValue())
                .isEqualTo("The request you have made requires authentication.");
    }

    @Test
    void revokedTokenIs401() {
        String token = adminToken();
        assertThat(api.get("/lightcloud/v1/session", token).status()).isEqualTo(200);
        ApiClient.Response revoked = api.send("DELETE", "/identity/v3/auth/tokens", admin, null,
                Map.of("X-Subject-Token", token));
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(api.get("/lightcloud/v1/session", token).status()).isEqualTo(401);
        assertThat(api.send("GET", "/identity/v3/auth/tokens", admin, null, Map.of("X-Subject-Token", token))
                .status()).isEqualTo(404);
    }

    @Test
    void forgedOrGarbageTokensAre401() {
        String tampered = admin.substring(0, admin.length() - 3) + (admin.endsWith("AAA") ? "BBB" : "AAA");
        assertThat(api.get("/lightcloud/v1/session", tampered).status()).isEqualTo(401);
        assertThat(api.get("/lightcloud/v1/session", "not-a-token").status()).isEqualTo(401);
        assertThat(api.get("/identity/v3/projects", null).status()).isEqualTo(401);
    }

    @Test
    void disablingAUserRevokesTheirTokens() {
        String project = fixture.project(unique("dis"));
        String name = unique("disabled");
        String user = fixture.user(name, "pw-dis");
        fixture.grant(project, user, "member");
        String token = api.token(name, "pw-dis", null);
        assertThat(api.get("/lightcloud/v1/session", token).status()).isEqualTo(200);
        assertThat(api.patch("/identity/v3/users/" + user, admin, Map.of("user", Map.of("enabled", false))).status())
                .isEqualTo(200);
        assertThat(api.get("/lightcloud/v1/session", token).status()).isEqualTo(401);
        assertThat(api.post("/identity/v3/auth/tokens", null, ApiClient.passwordAuth(name, "pw-dis", null)).status())
                .isEqualTo(401);
    }

    @Test
    void removingARoleRevokesTheUsersTokensOnThatProject() {
        String project = fixture.project(unique("grant"));
        String user = fixture.user(unique("granted"), "pw-grant");
        fixture.grant(project, user, "member");
        ApiClient.Response scoped = api.post("/identity/v3/auth/tokens", null, Map.of("auth", Map.of(
                "identity", Map.of("methods", List.of("password"), "password",
                        Map.of("user", Map.of("id", user, "password", "pw-grant"))),
                "scope", Map.of("project", Map.of("id", project)))));
        String token = scoped.header("X-Subject-Token");
        assertThat(api.get("/lightcloud/v1/session", token).status()).isEqualTo(200);
        assertThat(api.delete("/identity/v3/projects/" + project + "/users/" + user + "/roles/"
                + fixture.roleId("member"), admin).status()).isEqualTo(204);
        assertThat(api.get("/lightcloud/v1/session", token).status()).isEqualTo(401);
    }

    @Test
    void memberOfOneProjectCannotReadAnothersAssignmentsOrUsers() {
        String projectA = fixture.project(unique("a"));
        String projectB = fixture.project(unique("b"));
        String nameA = unique("member-a");
        String userA = fixture.user(nameA, "pw-a");
        String userB = fixture.user(unique("member-b"), "pw-b");
        fixture.grant(projectA, userA, "member");
        fixture.grant(projectB, userB, "member");
        String projectAName = api.get("/identity/v3/projects/" + projectA, admin).json().at("/project/name")
                .stringValue();
        String tokenA = api.token(nameA, "pw-a", projectAName);

        assertThat(api.get("/identity/v3/role_assignments?scope.project.id=" + projectB, tokenA).status())
                .isEqualTo(403);
        assertThat(api.get("/identity/v3/users/" + userB, tokenA).status()).isEqualTo(403);
        assertThat(api.get("/identity/v3/users", tokenA).status()).isEqualTo(403);
        assertThat(api.get("/identity/v3/projects/" + projectB, tokenA).status()).isEqualTo(403);
        assertThat(api.get("/identity/v3/projects/" + projectA, tokenA).status()).isEqualTo(200);
        assertThat(api.get("/identity/v3/users/" + userA, tokenA).status()).isEqualTo(200);
        assertThat(api.get("/identity/v3/users/" + userB + "/application_credentials", tokenA).status())
                .isEqualTo(403);
        ApiClient.Response forbidden = api.get("/identity/v3/role_assignments", tokenA);
        assertThat(forbidden.json().at("/error/message").stringValue())
                .contains("identity:list_role_assignments");
    }

    @Test
    void readerCannotCreateAnything() {
        String project = fixture.project(unique("readers"));
        String name = unique("reader");
        String user = fixture.user(name, "pw-reader");
        fixture.grant(project, user, "reader");
        String projectName = api.get("/identity/v3/projects/" + project, admin).json().at("/project/name")
                .stringValue();
        String token = api.token(name, "pw-reader", projectName);
        int projectsBefore = api.get("/identity/v3/projects", admin).json().get("projects").size();

        assertThat(api.post("/identity/v3/projects", token, Map.of("project", Map.of("name", unique("x"))))
                .status()).isEqualTo(403);
        assertThat(api.post("/identity/v3/users", token, Map.of("user", Map.of("name", unique("x")))).status())
                .isEqualTo(403);
        assertThat(api.post("/identity/v3/groups", token, Map.of("group", Map.of("name", unique("x")))).status())
                .isEqualTo(403);
        assertThat(api.post("/identity/v3/roles", token, Map.of("role", Map.of("name", unique("x")))).status())
                .isEqualTo(403);
        assertThat(api.post("/identity/v3/domains", token, Map.of("domain", Map.of("name", unique("x")))).status())
                .isEqualTo(403);
        assertThat(api.put("/identity/v3/projects/" + project + "/users/" + user + "/roles/"
                + fixture.roleId("admin"), token, null).status()).as("no self-promotion").isEqualTo(403);
        assertThat(api.get("/identity/v3/projects", admin).json().get("projects").size()).isEqualTo(projectsBefore);
    }

    @Test
    void malformedJsonIs400NamingTheProblemAndStoresNothing() {
        int before = api.get("/identity/v3/projects", admin).json().get("projects").size();
        ApiClient.Response broken = api.post("/identity/v3/projects", admin, "{\"project\": {\"name\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().at("/error/message").stringValue()).startsWith("Malformed JSON in request body");

        ApiClient.Response wrongType = api.post("/identity/v3/projects", admin, Map.of("project", Map.of("name", 42)));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().at("/error/message").stringValue()).contains("project.name").contains("string");

        ApiClient.Response missing = api.post("/identity/v3/projects", admin, Map.of("project", Map.of()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().at("/error/message").stringValue()).contains("'project.name' is a required");

        assertThat(api.get("/identity/v3/projects", admin).json().get("projects").size()).isEqualTo(before);
    }

    @Test
    void bodyOverTheLimitIs413AndStoresNothing() {
        String name = unique("huge");
        String description = "x".repeat(200_000);
        ApiClient.Response tooLarge = api.post("/identity/v3/projects", admin,
                Map.of("project", Map.of("name", name, "description", description)));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().at("/error/code").intValue()).isEqualTo(413);
        assertThat(api.get("/identity/v3/projects?name=" + name, admin).json().get("projects")).isEmpty();
    }

    @Test
    void duplicateNamesConflictAndUnknownIdsAre404() {
        String name = unique("dup");
        fixture.project(name);
        ApiClient.Response again = api.post("/identity/v3/projects", admin, Map.of("project", Map.of("name", name)));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().at("/error/title").stringValue()).isEqualTo("Conflict");
        ApiClient.Response missing = api.get("/identity/v3/projects/does-not-exist", admin);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/error/message").stringValue()).isEqualTo("Could not find project: does-not-exist.");
        assertThat(api.post("/identity/v3/users", admin, Map.of("user", Map.of("name", unique("lost"),
                "domain_id", "no-such-domain"))).status()).as("Keystone: the domain is not found").isEqualTo(404);
        assertThat(api.post("/identity/v3/domains", admin, Map.of("domain", Map.of("name", "d".repeat(65))))
                .status()).as("domain names have at most 64 characters").isEqualTo(400);
    }

    @Test
    void userChangesOwnPasswordAndOldTokensStopWorking() {
        String name = unique("changer");
        String user = fixture.user(name, "old-password");
        String token = api.token(name, "old-password", null);
        ApiClient.Response wrongOriginal = api.post("/identity/v3/users/" + user + "/password", null,
                Map.of("user", Map.of("original_password", "nope", "password", "new-password")));
        assertThat(wrongOriginal.status()).isEqualTo(401);
        ApiClient.Response changed = api.post("/identity/v3/users/" + user + "/password", null,
                Map.of("user", Map.of("original_password", "old-password", "password", "new-password")));
        assertThat(changed.status()).isEqualTo(204);
        assertThat(api.get("/lightcloud/v1/session", token).status()).isEqualTo(401);
        assertThat(api.post("/identity/v3/auth/tokens", null, ApiClient.passwordAuth(name, "new-password", null))
                .status()).isEqualTo(201);
    }

    @Test
    void applicationCredentialAuthenticatesScopedToItsProjectAndDiesWithDeletion() {
        String project = fixture.project(unique("appcred"));
        String name = unique("appuser");
        String user = fixture.user(name, "pw-app");
        fixture.grant(project, user, "member");
        String projectName = api.get("/identity/v3/projects/" + project, admin).json().at("/project/name")
                .stringValue();
        String token = api.token(name, "pw-app", projectName);
        ApiClient.Response expiring = api.post("/identity/v3/users/" + user + "/application_credentials", token,
                Map.of("application_credential", Map.of("name", "expiring", "expires_at", "2099-01-02T03:04:05.123456")));
        assertThat(expiring.json().at("/application_credential/expires_at").stringValue())
                .as("echoed as Keystone does, without a zone").isEqualTo("2099-01-02T03:04:05.123456");
        ApiClient.Response created = api.post("/identity/v3/users/" + user + "/application_credentials", token,
                Map.of("application_credential", Map.of("name", "ci", "roles", List.of(Map.of("name", "reader")))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().at("/application_credential/id").stringValue();
        String secret = created.json().at("/application_credential/secret").stringValue();
        assertThat(secret).isNotBlank();

        ApiClient.Response listed = api.get("/identity/v3/users/" + user + "/application_credentials", token);
        assertThat(listed.json().at("/application_credentials/0/secret").isMissingNode()).isTrue();

        ApiClient.Response auth = api.post("/identity/v3/auth/tokens", null, Map.of("auth", Map.of("identity",
                Map.of("methods", List.of("application_credential"), "application_credential",
                        Map.of("id", id, "secret", secret)))));
        assertThat(auth.status()).as(auth.text()).isEqualTo(201);
        JsonNode appToken = auth.json().get("token");
        assertThat(appToken.at("/project/id").stringValue()).isEqualTo(project);
        assertThat(appToken.at("/application_credential/id").stringValue()).isEqualTo(id);
        List<String> roles = new ArrayList<>();
        appToken.get("roles").forEach(r -> roles.add(r.get("name").stringValue()));
        assertThat(roles).containsExactly("reader");

        String credentialToken = auth.header("X-Subject-Token");
        assertThat(api.post("/identity/v3/users/" + user + "/application_credentials", credentialToken,
                Map.of("application_credential", Map.of("name", "nested"))).status())
                .as("a restricted credential cannot mint more credentials").isEqualTo(403);

        ApiClient.Response wrongSecret = api.post("/identity/v3/auth/tokens", null, Map.of("auth", Map.of("identity",
                Map.of("methods", List.of("application_credential"), "application_credential",
                        Map.of("id", id, "secret", "wrong")))));
        assertThat(wrongSecret.status()).isEqualTo(401);

        assertThat(api.delete("/identity/v3/users/" + user + "/application_credentials/" + id, token).status())
                .isEqualTo(204);
        assertThat(api.get("/lightcloud/v1/session", credentialToken).status()).isEqualTo(401);
    }

    @Test
    void effectiveRoleAssignmentsExpandGroupsAndImpliedRolesWithNames() {
        String project = fixture.project(unique("eff"));
        String user = fixture.user(unique("eff-user"), "pw-eff");
        ApiClient.Response group = api.post("/identity/v3/groups", admin,
                Map.of("group", Map.of("name", unique("eff-group"))));
        String groupId = group.json().at("/group/id").stringValue();
        assertThat(api.put("/identity/v3/groups/" + groupId + "/users/" + user, admin, null).status()).isEqualTo(204);
        assertThat(api.put("/identity/v3/projects/" + project + "/groups/" + groupId + "/roles/"
                + fixture.roleId("member"), admin, null).status()).isEqualTo(204);

        ApiClient.Response raw = api.get("/identity/v3/role_assignments?scope.project.id=" + project, admin);
        assertThat(raw.json().get("role_assignments")).hasSize(1);
        assertThat(raw.json().at("/role_assignments/0/group/id").stringValue()).isEqualTo(groupId);

        ApiClient.Response effective = api.get("/identity/v3/role_assignments?effective&include_names&user.id="
                + user, admin);
        assertThat(effective.status()).isEqualTo(200);
        List<String> roleNames = new ArrayList<>();
        effective.json().get("role_assignments").forEach(a -> {
            assertThat(a.at("/scope/project/id").stringValue()).isEqualTo(project);
            assertThat(a.at("/user/domain/name").stringValue()).isEqualTo("Default");
            assertThat(a.at("/links/membership").stringValue()).contains("/groups/" + groupId + "/users/" + user);
            roleNames.add(a.at("/role/name").stringValue());
        });
        assertThat(roleNames).containsExactlyInAnyOrder("member", "reader");
    }

    @Test
    void deletingAProjectRemovesItsAssignments() {
        String project = fixture.project(unique("gone"));
        String user = fixture.user(unique("gone-user"), "pw");
        fixture.grant(project, user, "member");
        assertThat(api.delete("/identity/v3/projects/" + project, admin).status()).isEqualTo(204);
        assertThat(api.get("/identity/v3/projects/" + project, admin).status()).isEqualTo(404);
        assertThat(api.get("/identity/v3/role_assignments?user.id=" + user, admin).json().get("role_assignments"))
                .isEmpty();
    }

    private static String metricsCredential() {
        try {
            return Files.readString(dataDir().resolve("metrics-credential")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void adminsRegisterServicesEndpointsAndRegionsAndLightcloudsOwnEntriesAreProtected() {
        String project = fixture.project(unique("catalog"));
        String name = unique("catalog-member");
        fixture.grant(project, fixture.user(name, "pw-member"), "member");
        String member = api.token(name, "pw-member",
                api.get("/identity/v3/projects/" + project, admin).json().at("/project/name").stringValue());
        assertThat(api.post("/identity/v3/services", member, Map.of("service", Map.of("type", "ci"))).status())
                .isEqualTo(403);

        String type = unique("ci");
        ApiClient.Response service = api.post("/identity/v3/services", admin,
                Map.of("service", Map.of("type", type, "name", "jenkins", "description", "CI")));
        assertThat(service.status()).as(service.text()).isEqualTo(201);
        String serviceId = service.json().at("/service/id").stringValue();
        String region = unique("paas");
        ApiClient.Response endpoint = api.post("/identity/v3/endpoints", admin, Map.of("endpoint", Map.of(
                "service_id", serviceId, "interface", "public", "url", "http://ci.example:8080", "region", region)));
        assertThat(endpoint.status()).as(endpoint.text()).isEqualTo(201);
        String endpointId = endpoint.json().at("/endpoint/id").stringValue();
        assertThat(api.get("/identity/v3/regions/" + region, member).status()).as("the region was created")
                .isEqualTo(200);
        assertThat(api.get("/identity/v3/endpoints?service_id=" + serviceId, admin).json().get("endpoints"))
                .hasSize(1);
        assertThat(api.get("/identity/v3/services?type=" + type, admin).json().at("/services/0/name").stringValue())
                .isEqualTo("jenkins");
        JsonNode catalog = api.post("/identity/v3/auth/tokens", null,
                ApiClient.passwordAuth("admin", ADMIN_PASSWORD, "admin")).json().at("/token/catalog");
        assertThat(catalog.toString()).contains("\"type\":\"" + type + "\"", "http://ci.example:8080");
        assertThat(catalog.get(0).get("type").stringValue()).as("Lightcloud's own entries come first")
                .isEqualTo("identity");

        assertThat(api.patch("/identity/v3/endpoints/" + endpointId, admin,
                Map.of("endpoint", Map.of("enabled", "False"))).status()).isEqualTo(400);
        ApiClient.Response disabled = api.patch("/identity/v3/endpoints/" + endpointId, admin,
                Map.of("endpoint", Map.of("enabled", false, "url", "http://ci.example:9090")));
        assertThat(disabled.json().at("/endpoint/url").stringValue()).isEqualTo("http://ci.example:9090");
        assertThat(api.post("/identity/v3/auth/tokens", null, ApiClient.passwordAuth("admin", ADMIN_PASSWORD,
                "admin")).json().at("/token/catalog").toString()).doesNotContain(type);

        String child = unique("child");
        assertThat(api.put("/identity/v3/regions/" + child, admin,
                Map.of("region", Map.of("parent_region_id", region))).status()).isEqualTo(201);
        assertThat(api.get("/identity/v3/regions?parent_region_id=" + region, admin).json().at("/regions/0/id")
                .stringValue()).isEqualTo(child);
        assertThat(api.put("/identity/v3/regions/" + child, admin, Map.of("region", Map.of())).status())
                .isEqualTo(409);
        assertThat(api.delete("/identity/v3/regions/" + child, admin).status()).isEqualTo(204);

        JsonNode identity = api.get("/identity/v3/services?type=identity", admin).json().at("/services/0");
        String identityId = identity.get("id").stringValue();
        assertThat(api.patch("/identity/v3/services/" + identityId, admin,
                Map.of("service", Map.of("enabled", false))).status()).isEqualTo(403);
        assertThat(api.delete("/identity/v3/services/" + identityId, admin).status()).isEqualTo(403);
        assertThat(api.post("/identity/v3/endpoints", admin, Map.of("endpoint", Map.of("service_id", identityId,
                "interface", "public", "url", "http://elsewhere"))).status()).isEqualTo(403);
        String ownEndpoint = api.get("/identity/v3/endpoints?service_id=" + identityId, admin).json()
                .at("/endpoints/0/id").stringValue();
        assertThat(api.delete("/identity/v3/endpoints/" + ownEndpoint, admin).status()).isEqualTo(403);
        assertThat(api.delete("/identity/v3/regions/RegionOne", admin).status()).isEqualTo(403);

        assertThat(api.delete("/identity/v3/services/" + serviceId, admin).status()).isEqualTo(204);
        assertThat(api.get("/identity/v3/endpoints/" + endpointId, admin).status())
                .as("a service's endpoints go with it").isEqualTo(404);
        assertThat(api.delete("/identity/v3/regions/" + region, admin).status()).isEqualTo(204);
    }

    @Test
    void projectTagsHaveTheirOwnResources() {
        String project = fixture.project(unique("tagged"));
        String tags = "/identity/v3/projects/" + project + "/tags";
        assertThat(api.put(tags + "/blue", admin, Map.of()).status()).isEqualTo(201);
        assertThat(api.put(tags + "/red", admin, Map.of()).status()).isEqualTo(201);
        assertThat(api.get(tags + "/blue", admin).status()).isEqualTo(204);
        assertThat(api.get(tags, admin).json().get("tags").toString()).isEqualTo("[\"blue\",\"red\"]");
        assertThat(api.get("/identity/v3/projects/" + project, admin).json().at("/project/tags").size()).isEqualTo(2);
        assertThat(api.delete(tags + "/blue", admin).status()).isEqualTo(204);
        assertThat(api.get(tags + "/blue", admin).status()).isEqualTo(404);
        ApiClient.Response replaced = api.put(tags, admin, Map.of("tags", List.of("a", "b")));
        assertThat(replaced.json().get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(api.put(tags + "/x,y", admin, Map.of()).status()).isEqualTo(400);
        assertThat(api.delete(tags, admin).status()).isEqualTo(204);
        assertThat(api.get(tags, admin).json().get("tags")).isEmpty();
    }

    @Test
    void adminOnlyCatalogAdministrationAndLightcloudInfo() {
        ApiClient.Response services = api.get("/identity/v3/services", admin);
        assertThat(services.json().at("/services/0/type").stringValue()).isEqualTo("identity");
        ApiClient.Response info = api.get("/lightcloud/v1/info", null);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().at("/cloud/auth_url").stringValue()).isEqualTo(api.baseUrl() + "/identity/v3");
        assertThat(api.get("/healthz", null).status()).isEqualTo(200);
        ApiClient.Response anonymous = api.get("/metrics", null);
        assertThat(anonymous.status()).as("the metrics need the scrape credential").isEqualTo(401);
        assertThat(anonymous.json().at("/error/code").intValue()).isEqualTo(401);
        assertThat(anonymous.text()).doesNotContain("http_server_requests");
        assertThat(api.send("GET", "/metrics", null, null, Map.of("Authorization", "Bearer wrong")).status())
                .isEqualTo(401);
        assertThat(api.send("GET", "/metrics", admin, null, Map.of()).status())
                .as("a Keystone token is not the scrape credential").isEqualTo(401);
        ApiClient.Response metrics = api.send("GET", "/metrics", null, null,
                Map.of("Authorization", "Bearer " + metricsCredential()));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("http_server_requests");
        assertThat(api.get("/lightcloud/v1/api-docs", null).text()).contains("/lightcloud/v1/session");
    }
}
