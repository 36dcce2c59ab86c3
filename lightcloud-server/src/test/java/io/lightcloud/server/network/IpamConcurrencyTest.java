package io.lightcloud.server.network;

import static io.lightcloud.server.network.NeutronClient.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Address, VNI and quota allocation under concurrency: nothing handed out twice, no limit overshot. */
@Tag("database")
class IpamConcurrencyTest extends ServerTestBase {
    @Test
    void hundredParallelPortsGetDistinctAddressesThenThePoolIsExhausted() throws Exception {
        NeutronClient admin = new NeutronClient(api(), adminToken());
        String networkId = admin.network(unique("ipam")).get("id").stringValue();
        admin.create("subnets", "subnet", Map.of("network_id", networkId, "cidr", "10.90.0.0/24", "ip_version", 4,
                "allocation_pools", List.of(Map.of("start", "10.90.0.101", "end", "10.90.0.200"))));
        List<ApiClient.Response> responses = parallel(100,
                () -> admin.post("/ports", Map.of("port", Map.of("network_id", networkId))));
        Set<String> addresses = new HashSet<>();
        Set<String> macs = new HashSet<>();
        for (ApiClient.Response response : responses) {
            assertThat(response.status()).as(response.text()).isEqualTo(201);
            JsonNode port = response.json().get("port");
            addresses.add(port.at("/fixed_ips/0/ip_address").stringValue());
            macs.add(port.get("mac_address").stringValue());
        }
        assertThat(addresses).hasSize(100).allMatch(a -> {
            int last = Integer.parseInt(a.substring(a.lastIndexOf('.') + 1));
            return a.startsWith("10.90.0.") && last >= 101 && last <= 200;
        });
        assertThat(macs).hasSize(100);
        assertFault(admin.post("/ports", Map.of("port", Map.of("network_id", networkId))), 409,
                "IpAddressGenerationFailure");

        String released = responses.get(0).json().at("/port/id").stringValue();
        String freed = responses.get(0).json().at("/port/fixed_ips/0/ip_address").stringValue();
        assertThat(admin.delete("/ports/" + released).status()).isEqualTo(204);
        JsonNode again = admin.port(networkId);
        assertThat(again.at("/fixed_ips/0/ip_address").stringValue()).isEqualTo(freed);
    }

    @Test
    void parallelNetworksGetDistinctVnisAndQuotaHoldsExactly() throws Exception {
        IdentityFixture identity = new IdentityFixture(api(), adminToken());
        String projectName = unique("vni");
        String project = identity.project(projectName);
        identity.grant(project, identity.user(projectName + "-u", "pw"), "member");
        NeutronClient admin = new NeutronClient(api(), adminToken());
        assertThat(admin.put("/quotas/" + project, Map.of("quota", Map.of("network", 12))).status()).isEqualTo(200);
        NeutronClient member = new NeutronClient(api(), api().token(projectName + "-u", "pw", projectName));
        List<ApiClient.Response> responses = parallel(30,
                () -> member.post("/networks", Map.of("network", Map.of("name", unique("n")))));
        List<Integer> created = new ArrayList<>();
        int overQuota = 0;
        for (ApiClient.Response response : responses) {
            if (response.status() == 201) {
                created.add(1);
            } else {
                assertFault(response, 409, "OverQuota");
                overQuota++;
            }
        }
        assertThat(created).hasSize(12);
        assertThat(overQuota).isEqualTo(18);
        Set<Integer> vnis = new HashSet<>();
        admin.get("/networks?project_id=" + project).json().get("networks")
                .forEach(n -> vnis.add(n.get("provider:segmentation_id").intValue()));
        assertThat(vnis).hasSize(12);
    }

    private static List<ApiClient.Response> parallel(int count, Callable<ApiClient.Response> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(call));
            }
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
