package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Quotas hold exactly under concurrent requests (on H2 and on PostgreSQL), and tenants cannot see each other's
 * servers and key pairs. Servers are placed on a {@link SimulatedAgent}'s host, a test standing in for the real
 * agent until it is wired.
 */
@Tag("database")
class QuotaAndIsolationTest extends ComputeTestBase {
    private String flavor;
    private String image;

    @BeforeEach
    void setUp() {
        flavor = fixture.flavor(unique("tiny"), 1, 256, 1);
        image = fixture.image(unique("image"));
    }

    @Test
    void twentyParallelCreatesAgainstAnInstancesQuotaOfTenGiveExactlyTenServers() throws Exception {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("quota"));
        ApiClient.Response set = fixture.nova("PUT", "/os-quota-sets/" + tenant.projectId(), admin,
                Map.of("quota_set", Map.of("instances", 10)));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.json().at("/quota_set/instances").intValue()).isEqualTo(10);
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 64, 65536, 500, zone)) {
            ExecutorService pool = Executors.newFixedThreadPool(20);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiClient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    start.await();
                    Map<String, Object> body = zoned("q-" + n, flavor, image);
                    return fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body));
                }));
            }
            start.countDown();
            List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
            for (Future<ApiClient.Response> call : calls) {
                ApiClient.Response response = call.get();
                statuses.add(response.status());
                if (response.status() == 403) {
                    assertThat(response.json().at("/forbidden/message").stringValue())
                            .startsWith("Quota exceeded for instances: Requested 1, but already used 10 of 10");
                }
            }
            pool.shutdown();
            assertThat(statuses.stream().filter(s -> s == 202).count()).isEqualTo(10);
            assertThat(statuses.stream().filter(s -> s == 403).count()).isEqualTo(10);
            JsonNode servers = fixture.nova("GET", "/servers", tenant.token(), null).json().get("servers");
            assertThat(servers).hasSize(10);
            JsonNode detail = fixture.nova("GET", "/os-quota-sets/" + tenant.projectId() + "/detail", tenant.token(),
                    null).json().get("quota_set");
            assertThat(detail.at("/instances/in_use").intValue()).isEqualTo(10);
            assertThat(detail.at("/cores/in_use").intValue()).isEqualTo(10);
            assertThat(detail.at("/ram/in_use").intValue()).isEqualTo(2560);
            ApiClient.Response lower = fixture.nova("PUT", "/os-quota-sets/" + tenant.projectId(), admin,
                    Map.of("quota_set", Map.of("instances", 5)));
            assertThat(lower.status()).as("a limit below the usage needs force").isEqualTo(400);
            for (JsonNode server : servers) {
                assertThat(fixture.nova("DELETE", "/servers/" + server.get("id").stringValue(), tenant.token(), null)
                        .status()).isEqualTo(204);
            }
            assertThat(fixture.nova("GET", "/limits", tenant.token(), null).json()
                    .at("/limits/absolute/totalInstancesUsed").intValue()).isZero();
        }
    }

    @Test
    void minAndMaxCountCreateAsManyServersAsTheQuotaAllows() {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("multi"));
        fixture.nova("PUT", "/os-quota-sets/" + tenant.projectId(), admin, Map.of("quota_set", Map.of("instances", 3)));
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 16, 16384, 100, zone)) {
            Map<String, Object> body = zoned("many", flavor, image);
            body.put("min_count", 2);
            body.put("max_count", 5);
            body.put("return_reservation_id", true);
            ApiClient.Response created = fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body));
            assertThat(created.status()).as(created.text()).isEqualTo(202);
            String reservation = created.json().get("reservation_id").stringValue();
            JsonNode servers = fixture.nova("GET", "/servers?reservation_id=" + reservation, tenant.token(), null)
                    .json().get("servers");
            assertThat(ComputeFixture.ids(servers, "name")).containsExactlyInAnyOrder("many-1", "many-2", "many-3");
            body.put("min_count", 1);
            body.put("max_count", 1);
            ApiClient.Response refused = fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body));
            assertThat(refused.status()).isEqualTo(403);
        }
    }

    @Test
    void anotherProjectGetsNotFoundForServersAndKeypairsThatAreNotItsOwn() {
        ComputeFixture.Tenant a = fixture.tenant(unique("alpha"));
        ComputeFixture.Tenant b = fixture.tenant(unique("beta"));
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 8, 8192, 100, zone)) {
            Map<String, Object> body = zoned("private", flavor, image);
            String id = fixture.createServer(a.token(), body);
            ApiClient.Response keypair = fixture.nova("POST", "/os-keypairs", a.token(),
                    Map.of("keypair", Map.of("name", "alpha-key")));
            assertThat(keypair.status()).as(keypair.text()).isEqualTo(201);
            assertThat(keypair.json().at("/keypair/private_key").stringValue()).startsWith("-----BEGIN RSA PRIVATE KEY");

            for (String path : List.of("/servers/" + id, "/servers/" + id + "/metadata",
                    "/servers/" + id + "/os-instance-actions", "/servers/" + id + "/tags",
                    "/servers/" + id + "/os-volume_attachments")) {
                ApiClient.Response response = fixture.nova("GET", path, b.token(), null);
                assertThat(response.status()).as(path).isEqualTo(404);
                assertThat(response.json().at("/itemNotFound/code").intValue()).isEqualTo(404);
            }
            assertThat(fixture.nova("POST", "/servers/" + id + "/action", b.token(), Map.of("os-stop", Map.of()))
                    .status()).isEqualTo(404);
            assertThat(fixture.nova("DELETE", "/servers/" + id, b.token(), null).status()).isEqualTo(404);
            assertThat(fixture.nova("GET", "/servers", b.token(), null).json().get("servers")).isEmpty();
            assertThat(fixture.nova("GET", "/servers?all_tenants=1", b.token(), null).status()).isEqualTo(403);
            assertThat(fixture.nova("GET", "/os-keypairs/alpha-key", b.token(), null).status()).isEqualTo(404);
            assertThat(fixture.nova("DELETE", "/os-keypairs/alpha-key", b.token(), null).status()).isEqualTo(404);
            assertThat(fixture.nova("GET", "/os-keypairs", b.token(), null).json().get("keypairs")).isEmpty();
            assertThat(fixture.server(a.token(), id).get("name").stringValue()).isEqualTo("private");
            assertThat(ComputeFixture.ids(fixture.nova("GET", "/servers?all_tenants=1", admin, null).json()
                    .get("servers"), "id")).contains(id);
        }
    }
}
