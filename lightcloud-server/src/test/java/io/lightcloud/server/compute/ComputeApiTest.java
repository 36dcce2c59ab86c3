package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Nova's discovery, microversions and faults, and the resources around servers: flavors, key pairs, server groups,
 * hypervisors, services, zones, quotas and the agent credentials. Hosts are registered by {@link SimulatedAgent}s,
 * tests standing in for the real agent until it is wired.
 */
@Tag("database")
class ComputeApiTest extends ComputeTestBase {

    @Test
    void versionDiscoveryAdvertisesTheMicroversionRangeAndRequestsAreNegotiated() {
        ApiClient.Response versions = api.get("/compute/", null);
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.json().at("/versions/0/id").stringValue()).as("Nova lists v2.0 first").isEqualTo("v2.0");
        assertThat(versions.json().at("/versions/1/id").stringValue()).isEqualTo("v2.1");
        assertThat(versions.json().at("/versions/1/version").stringValue()).isEqualTo("2.90");
        assertThat(versions.json().at("/versions/1/min_version").stringValue()).isEqualTo("2.1");
        for (JsonNode listed : versions.json().get("versions")) {
            String self = listed.at("/links/0/href").stringValue();
            ApiClient.Response document = api.get(self.substring(api.baseUrl().length()), null);
            assertThat(document.status()).as(self).isEqualTo(200);
            assertThat(document.json().at("/version/links/0/href").stringValue()).isEqualTo(self);
        }
        ApiClient.Response v21 = api.get("/compute/v2.1", null);
        assertThat(v21.json().at("/version/links/0/href").stringValue()).isEqualTo(api.baseUrl() + "/compute/v2.1/");

        ApiClient.Response latest = api.send("GET", "/compute/v2.1/flavors", admin, null,
                Map.of("OpenStack-API-Version", "compute latest"));
        assertThat(latest.header("OpenStack-API-Version")).isEqualTo("compute 2.90");
        ApiClient.Response legacy = api.send("GET", "/compute/v2.1/flavors", admin, null,
                Map.of("X-OpenStack-Nova-API-Version", "2.53"));
        assertThat(legacy.header("X-OpenStack-Nova-API-Version")).isEqualTo("2.53");
        ApiClient.Response tooNew = api.send("GET", "/compute/v2.1/flavors", admin, null,
                Map.of("OpenStack-API-Version", "compute 2.99"));
        assertThat(tooNew.status()).isEqualTo(406);
        assertThat(tooNew.json().has("computeFault")).isTrue();
        assertThat(api.get("/compute/v2.1/servers", null).status()).isEqualTo(401);
        ApiClient.Response missing = fixture.nova("GET", "/servers/no-such-server", admin, null);
        assertThat(missing.json().at("/itemNotFound/message").stringValue())
                .isEqualTo("Instance no-such-server could not be found.");
        JsonNode catalog = api.post("/identity/v3/auth/tokens", null,
                ApiClient.passwordAuth("admin", ADMIN_PASSWORD, "admin")).json().at("/token/catalog");
        boolean listed = false;
        for (JsonNode service : catalog) {
            listed |= service.get("type").stringValue().equals("compute")
                    && service.at("/endpoints/0/url").stringValue().endsWith("/compute/v2.1");
        }
        assertThat(listed).isTrue();
    }

    @Test
    void limitsCarryEveryAbsoluteLimitOfTheMicroversion() {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("limits"));
        JsonNode v21 = fixture.nova("GET", "/limits", tenant.token(), null, "2.1").json().at("/limits/absolute");
        assertThat(v21.propertyNames()).contains("maxSecurityGroups", "maxTotalFloatingIps", "totalFloatingIpsUsed",
                "totalSecurityGroupsUsed", "totalCoresUsed", "totalServerGroupsUsed");
        JsonNode v236 = fixture.nova("GET", "/limits", tenant.token(), null, "2.36").json().at("/limits/absolute");
        assertThat(v236.propertyNames()).as("2.36 drops the network proxies").doesNotContain("maxSecurityGroups",
                "totalFloatingIpsUsed", "totalSecurityGroupsUsed").contains("totalCoresUsed");
    }

    @Test
    void flavorsArePublicOrSharedWithProjectsAndCarryExtraSpecs() {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("flavors"));
        String name = unique("private");
        ApiClient.Response created = fixture.nova("POST", "/flavors", admin, Map.of("flavor", Map.of("name", name,
                "vcpus", 2, "ram", 1024, "disk", 10, "os-flavor-access:is_public", false, "description", "gold")));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String id = created.json().at("/flavor/id").stringValue();
        assertThat(created.json().at("/flavor/swap").intValue()).isZero();
        assertThat(fixture.nova("POST", "/flavors", admin, Map.of("flavor", Map.of("name", name, "vcpus", 1,
                "ram", 64, "disk", 0))).status()).isEqualTo(409);
        assertThat(fixture.nova("POST", "/flavors", tenant.token(), Map.of("flavor", Map.of("name", unique("x"),
                "vcpus", 1, "ram", 64, "disk", 0))).status()).isEqualTo(403);
        assertThat(fixture.nova("GET", "/flavors/" + id, tenant.token(), null).status()).isEqualTo(404);

        ApiClient.Response shared = fixture.nova("POST", "/flavors/" + id + "/action", admin,
                Map.of("addTenantAccess", Map.of("tenant", tenant.projectId())));
        assertThat(shared.json().at("/flavor_access/0/tenant_id").stringValue()).isEqualTo(tenant.projectId());
        assertThat(fixture.nova("GET", "/flavors/" + id, tenant.token(), null).status()).isEqualTo(200);
        assertThat(ComputeFixture.ids(fixture.nova("GET", "/flavors", tenant.token(), null).json().get("flavors"),
                "id")).contains(id);

        ApiClient.Response specs = fixture.nova("POST", "/flavors/" + id + "/os-extra_specs", admin,
                Map.of("extra_specs", Map.of("lightcloud:ha", "true", "hw:cpu_policy", "shared")));
        assertThat(specs.status()).as(specs.text()).isEqualTo(200);
        assertThat(fixture.nova("GET", "/flavors/" + id, admin, null).json().at("/flavor/extra_specs/lightcloud:ha")
                .stringValue()).isEqualTo("true");
        assertThat(fixture.nova("POST", "/flavors/" + id + "/os-extra_specs", admin,
                Map.of("extra_specs", Map.of("lightcloud:ha", "maybe"))).status()).isEqualTo(400);
        assertThat(fixture.nova("DELETE", "/flavors/" + id + "/os-extra_specs/hw:cpu_policy", admin, null).status())
                .isEqualTo(200);
        JsonNode old = fixture.nova("GET", "/flavors/" + id, admin, null, "2.1").json().get("flavor");
        assertThat(old.has("description")).isFalse();
        assertThat(old.get("swap").stringValue()).as("before 2.75 a zero swap is an empty string").isEmpty();
        assertThat(fixture.nova("DELETE", "/flavors/" + id, admin, null).status()).isEqualTo(202);
        assertThat(fixture.nova("GET", "/flavors/" + id, admin, null).status()).isEqualTo(404);
    }

    @Test
    void keypairsAreImportedOrGeneratedPerUserWithinTheQuota() {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("keys"));
        String publicKey = fixture.nova("POST", "/os-keypairs", tenant.token(),
                Map.of("keypair", Map.of("name", "generated"))).json().at("/keypair/public_key").stringValue();
        ApiClient.Response imported = fixture.nova("POST", "/os-keypairs", tenant.token(),
                Map.of("keypair", Map.of("name", "imported", "public_key", publicKey)));
        assertThat(imported.status()).isEqualTo(201);
        assertThat(imported.json().at("/keypair").has("private_key")).isFalse();
        assertThat(fixture.nova("POST", "/os-keypairs", tenant.token(),
                Map.of("keypair", Map.of("name", "imported", "public_key", publicKey))).status()).isEqualTo(409);
        assertThat(fixture.nova("POST", "/os-keypairs", tenant.token(),
                Map.of("keypair", Map.of("name", "bad", "public_key", "ssh-rsa garbage"))).status()).isEqualTo(400);
        JsonNode shown = fixture.nova("GET", "/os-keypairs/imported", tenant.token(), null).json().get("keypair");
        assertThat(shown.get("user_id").stringValue()).isEqualTo(tenant.userId());
        assertThat(shown.get("type").stringValue()).isEqualTo("ssh");
        assertThat(fixture.nova("GET", "/os-keypairs?user_id=" + tenant.userId(), admin, null).json().get("keypairs"))
                .hasSize(2);
        ApiClient.Response sorted = fixture.nova("GET", "/os-keypairs?sort_key=name", tenant.token(), null);
        assertThat(sorted.status()).as("2.75 refuses parameters key pair lists do not have").isEqualTo(400);
        assertThat(sorted.json().at("/badRequest/message").stringValue()).contains("sort_key");
        assertThat(fixture.nova("GET", "/os-keypairs?sort_key=name", tenant.token(), null, "2.74").status())
                .isEqualTo(200);
        for (String paging : List.of("limit=abc", "limit=-1", "marker=no-such-key")) {
            ApiClient.Response refused = fixture.nova("GET", "/os-keypairs?" + paging, tenant.token(), null);
            assertThat(refused.status()).as(paging).isEqualTo(400);
            assertThat(refused.json().at("/badRequest/code").intValue()).as(paging).isEqualTo(400);
        }
        fixture.nova("PUT", "/os-quota-sets/" + tenant.projectId(), admin, Map.of("quota_set", Map.of("key_pairs", 2)));
        ApiClient.Response over = fixture.nova("POST", "/os-keypairs", tenant.token(),
                Map.of("keypair", Map.of("name", "third")));
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.json().at("/forbidden/message").stringValue()).isEqualTo("Quota exceeded, too many key pairs.");
        assertThat(fixture.nova("DELETE", "/os-keypairs/generated", tenant.token(), null).status()).isEqualTo(204);
        assertThat(fixture.nova("POST", "/os-keypairs", tenant.token(),
                Map.of("keypair", Map.of("name", "third"))).status()).isEqualTo(201);
    }

    @Test
    void serverGroupsFollowTheirMicroversionsAndQuota() {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("groups"));
        ApiClient.Response legacy = fixture.nova("POST", "/os-server-groups", tenant.token(),
                Map.of("server_group", Map.of("name", "old", "policies", List.of("affinity"))), "2.1");
        assertThat(legacy.status()).as(legacy.text()).isEqualTo(200);
        assertThat(legacy.json().at("/server_group/policies/0").stringValue()).isEqualTo("affinity");
        assertThat(fixture.nova("POST", "/os-server-groups", tenant.token(), Map.of("server_group",
                Map.of("name", "soft", "policies", List.of("soft-affinity"))), "2.14").status()).isEqualTo(400);
        ApiClient.Response rules = fixture.nova("POST", "/os-server-groups", tenant.token(), Map.of("server_group",
                Map.of("name", "spread", "policy", "anti-affinity", "rules", Map.of("max_server_per_host", 2))));
        assertThat(rules.status()).as(rules.text()).isEqualTo(200);
        assertThat(rules.json().at("/server_group/rules/max_server_per_host").intValue()).isEqualTo(2);
        assertThat(rules.json().at("/server_group/project_id").stringValue()).isEqualTo(tenant.projectId());
        String id = rules.json().at("/server_group/id").stringValue();
        ComputeFixture.Tenant other = fixture.tenant(unique("others"));
        assertThat(fixture.nova("GET", "/os-server-groups/" + id, other.token(), null).status()).isEqualTo(404);
        assertThat(fixture.nova("GET", "/os-server-groups", tenant.token(), null).json().get("server_groups"))
                .hasSize(2);
        assertThat(fixture.nova("DELETE", "/os-server-groups/" + id, tenant.token(), null).status()).isEqualTo(204);
    }

    @Test
    void hostsRegisterWithACredentialAndShowAsHypervisorsServicesAndZones() {
        String zone = unique("zone");
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("node"), 4, 8192, 50, zone)) {
            ApiClient.Response forged = api.send("POST", "/lightcloud/v1/agent/heartbeat", null, Map.of(),
                    Map.of("Authorization", "Bearer " + agent.id() + ":not-the-secret"));
            assertThat(forged.status()).isEqualTo(401);
            assertThat(api.send("GET", "/lightcloud/v1/agent/desired", null, null, Map.of()).status()).isEqualTo(401);
            ApiClient.Response listed = api.get("/lightcloud/v1/hosts", admin);
            assertThat(listed.text()).contains(agent.hostname()).doesNotContain(agent.credential().split(":")[1]);

            JsonNode hypervisor = fixture.nova("GET", "/os-hypervisors/" + agent.id(), admin, null, "2.53").json()
                    .get("hypervisor");
            assertThat(hypervisor.get("hypervisor_hostname").stringValue()).isEqualTo(agent.hostname());
            assertThat(hypervisor.get("state").stringValue()).isEqualTo("up");
            assertThat(hypervisor.get("vcpus").intValue()).isEqualTo(4);
            assertThat(hypervisor.get("memory_mb_used").intValue()).as("the reserved host memory").isEqualTo(512);
            assertThat(hypervisor.get("hypervisor_version").longValue()).isEqualTo(7002000);
            assertThat(hypervisor.at("/cpu_info/arch").stringValue()).isEqualTo("x86_64");
            agent.converge();
            JsonNode modern = fixture.nova("GET", "/os-hypervisors/" + agent.id(), admin, null).json().get("hypervisor");
            assertThat(modern.has("vcpus")).as("2.88 dropped the usage fields").isFalse();
            assertThat(modern.get("uptime").stringValue()).contains("load average");
            assertThat(fixture.nova("GET", "/os-hypervisors/statistics", admin, null, "2.87").json()
                    .at("/hypervisor_statistics/count").intValue()).isPositive();
            assertThat(fixture.nova("GET", "/os-hypervisors/statistics", admin, null).status()).isEqualTo(404);

            JsonNode services = fixture.nova("GET", "/os-services?host=" + agent.hostname(), admin, null).json()
                    .get("services");
            assertThat(services).hasSize(1);
            String serviceId = services.get(0).get("id").stringValue();
            ApiClient.Response disabled = fixture.nova("PUT", "/os-services/" + serviceId, admin,
                    Map.of("status", "disabled", "disabled_reason", "maintenance"));
            assertThat(disabled.json().at("/service/status").stringValue()).isEqualTo("disabled");
            ComputeFixture.Tenant tenant = fixture.tenant(unique("zoned"));
            String flavor = fixture.flavor(unique("f"), 1, 256, 1);
            Map<String, Object> body = fixture.serverBody("blocked", flavor, fixture.image(unique("img")));
            body.put("availability_zone", zone);
            String id = fixture.createServer(tenant.token(), body);
            assertThat(fixture.server(tenant.token(), id).at("/fault/message").stringValue())
                    .startsWith("No valid host was found");
            fixture.nova("PUT", "/os-services/" + serviceId, admin, Map.of("status", "enabled"));

            JsonNode zones = fixture.nova("GET", "/os-availability-zone", tenant.token(), null).json()
                    .get("availabilityZoneInfo");
            assertThat(ComputeFixture.ids(zones, "zoneName")).contains(zone);
            assertThat(fixture.nova("GET", "/os-availability-zone/detail", tenant.token(), null).status())
                    .isEqualTo(403);
            body.put("availability_zone", "no-such-zone");
            assertThat(fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body)).status())
                    .isEqualTo(400);
        }
    }

    @Test
    void theAllInOneHostCredentialIsWrittenPrivatelyAndAuthenticatesItsAgent() throws Exception {
        Path file = dataDir().resolve("agent-credential");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String credential = Files.readString(file).trim();
        ApiClient.Response beat = api.send("POST", "/lightcloud/v1/agent/heartbeat", null, Map.of(),
                Map.of("Authorization", "Bearer " + credential));
        assertThat(beat.status()).as(beat.text()).isEqualTo(200);
        String hostId = credential.substring(0, credential.indexOf(':'));
        assertThat(api.get("/lightcloud/v1/hosts/" + hostId, admin).json().at("/host/hostname").stringValue())
                .isNotBlank();
    }

    @Test
    void createRequestsAreValidatedWithNovasMessages() {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("invalid"));
        String flavor = fixture.flavor(unique("f"), 1, 256, 1);
        String image = fixture.image(unique("img"));
        Map<String, Object> body = fixture.serverBody("x", flavor, image);
        body.remove("networks");
        assertThat(fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body)).status())
                .as("2.37 requires networks").isEqualTo(400);
        body.put("networks", List.of(Map.of("uuid", "net-1")));
        ApiClient.Response network = fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body));
        assertThat(network.json().at("/badRequest/message").stringValue())
                .isEqualTo("Bad networks format: network uuid is not in proper format (net-1)");
        body.put("networks", "none");
        body.put("flavorRef", "nope");
        assertThat(fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body)).json()
                .at("/badRequest/message").stringValue()).isEqualTo("Flavor nope could not be found.");
        body.put("flavorRef", flavor);
        body.put("imageRef", "missing-image");
        assertThat(fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body)).status()).isEqualTo(400);
        body.put("imageRef", image);
        body.put("key_name", "no-such-key");
        assertThat(fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body)).json()
                .at("/badRequest/message").stringValue()).isEqualTo("Invalid key_name provided.");
        body.remove("key_name");
        for (String notBase64 : List.of("not base64 !!", "hello world", "aGk", "#!/bin/sh\necho hello")) {
            body.put("user_data", notBase64);
            ApiClient.Response userData = fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body));
            assertThat(userData.status()).as(notBase64).isEqualTo(400);
            assertThat(userData.json().at("/badRequest/message").stringValue()).contains("user_data");
        }
        body.remove("user_data");
        body.put("bogus", 1);
        assertThat(fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body)).status()).isEqualTo(400);
        assertThat(fixture.nova("GET", "/servers?bogus=1", tenant.token(), null).status())
                .as("2.75 refuses unknown query parameters").isEqualTo(400);
        assertThat(fixture.nova("GET", "/servers?bogus=1", tenant.token(), null, "2.74").status()).isEqualTo(200);
    }
}
