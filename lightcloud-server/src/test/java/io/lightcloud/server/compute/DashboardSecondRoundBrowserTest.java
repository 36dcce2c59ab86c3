package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.BrowserScript;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's second round in headless Chromium against the all-in-one cloud, with one real VM (on a network,
 * behind a router, beside a volume): its detail page and tabs, the console's Reconnect with a fresh token and its
 * keys, the bell after a stop, every page in English and Chinese without a raw API value (screenshots of each kept in
 * {@code target/browser-artifacts}), bulk delete and the list toolbar, security-group rule templates, the Usage page,
 * a translated network failure, the quotas of a new project and the launch wizard's summary and quota check. The
 * browser side is {@code browser-tests/second-round.mjs}; where a phase answers an API call in the browser (the 20
 * instances of the bulk delete, the metering API of another branch, an unreachable API, a short quota) the script
 * says so; everything else goes to the real cloud, and this test checks the results through the API.
 */
@Tag("browser")
@Tag("e2e")
class DashboardSecondRoundBrowserTest extends LocalAgentServerTestBase {
    private static final String NEUTRON = "/network/v2.0";

    @Test
    void theSecondRoundOfTheDashboard() {
        String flavorName = unique("dash2-tiny");
        String flavorId = fixture.flavor(flavorName, 1, 256, 1);
        String imageName = unique("dash2-image");
        String imageId = testImage(imageName);
        String project = fixture.adminProjectId();
        String networkName = unique("dash2-net");
        String networkId = neutron("networks", "network", Map.of("name", networkName)).get("id").stringValue();
        String subnetId = neutron("subnets", "subnet", Map.of("network_id", networkId, "cidr", "10.78.0.0/24",
                "ip_version", 4)).get("id").stringValue();
        String routerId = neutron("routers", "router", Map.of("name", unique("dash2-router"))).get("id")
                .stringValue();
        assertThat(api.put(NEUTRON + "/routers/" + routerId + "/add_router_interface", admin,
                Map.of("subnet_id", subnetId)).status()).isEqualTo(200);
        String groupName = unique("dash2-sg");
        String groupId = neutron("security-groups", "security_group", Map.of("name", groupName)).get("id")
                .stringValue();
        String volumeId = fixture.volume(admin, project, unique("dash2-data"));
        String serverName = unique("dash2-vm");
        String serverId = fixture.createServer(admin, Map.of("name", serverName, "imageRef", imageId,
                "flavorRef", flavorId, "networks", List.of(Map.of("uuid", networkId))));
        awaitServer(serverId, status("ACTIVE"), "ACTIVE");
        awaitBoot(serverId, 1);
        String tenantProject = unique("dash2-project");
        fixture.tenant(tenantProject);

        Map<String, String> environment = new HashMap<>(Map.of("BASE_URL", api.baseUrl(), "USERNAME", "admin",
                "PASSWORD", ADMIN_PASSWORD, "SERVER_NAME", serverName, "SERVER_ID", serverId,
                "IMAGE_NAME", imageName, "IMAGE_ID", imageId, "FLAVOR_NAME", flavorName,
                "NETWORK_NAME", networkName, "NETWORK_ID", networkId));
        environment.putAll(Map.of("ROUTER_ID", routerId, "VOLUME_ID", volumeId, "GROUP_NAME", groupName,
                "PROJECT_NAME", tenantProject));
        BrowserScript flow = BrowserScript.of("second-round.mjs", environment);
        try {
            BrowserScript.Outcome detail = succeed(flow, "detail");
            assertThat(detail.results().get("title").stringValue()).startsWith(serverName);
            assertThat(detail.results().get("logDownloadBytes").intValue()).isGreaterThan(100);

            assertThat(succeed(flow, "console").results().get("reconnected").booleanValue()).isTrue();

            assertThat(succeed(flow, "stop").results().get("stopNotification").stringValue())
                    .contains(serverName).containsPattern("Shut off after \\d+ s");
            assertThat(fixture.server(admin, serverId).get("status").stringValue()).isEqualTo("SHUTOFF");

            assertThat(succeed(flow, "pages").results().get("pagesChecked").intValue()).isEqualTo(2 * 21);

            assertThat(succeed(flow, "bulk").results().get("bulkFailures")).hasSize(3);

            succeed(flow, "templates");
            JsonNode rules = api.get(NEUTRON + "/security-group-rules?security_group_id=" + groupId
                    + "&direction=ingress", admin).json().get("security_group_rules");
            assertThat(rules.findValues("port_range_min").stream().filter(JsonNode::isNumber).map(JsonNode::asInt)
                    .toList())
                    .containsExactlyInAnyOrder(22, 80, 443, 3389);
            assertThat(rules.findValues("protocol").stream().filter(JsonNode::isString).map(JsonNode::stringValue)
                    .toList()).containsExactlyInAnyOrder("tcp", "tcp", "tcp", "tcp", "icmp");
            assertThat(rules.findValues("remote_group_id").stream().filter(JsonNode::isString)
                    .map(JsonNode::stringValue).toList()).containsExactly(groupId, groupId);

            succeed(flow, "usage");
            assertThat(succeed(flow, "offline", "en-US").results().get("offline:en-US").stringValue())
                    .contains("cannot be reached");
            succeed(flow, "offline", "zh-CN");
            assertThat(succeed(flow, "quotas").results().get("perTypeLabel").stringValue())
                    .doesNotContain("___");
            succeed(flow, "wizard");
            ApiClient.Response favicon = api.get("/favicon.ico", null);
            assertThat(favicon.status()).isEqualTo(200);
        } finally {
            fixture.nova("DELETE", "/servers/" + serverId, admin, null);
            awaitGone(serverId);
            api.put(NEUTRON + "/routers/" + routerId + "/remove_router_interface", admin, Map.of("subnet_id", subnetId));
            api.delete(NEUTRON + "/routers/" + routerId, admin);
            api.delete(NEUTRON + "/networks/" + networkId, admin);
            api.delete(NEUTRON + "/security-groups/" + groupId, admin);
            api.delete("/volume/v3/" + project + "/volumes/" + volumeId, admin);
            api.delete("/image/v2/images/" + imageId, admin);
            fixture.nova("DELETE", "/flavors/" + flavorId, admin, null);
        }
    }

    private JsonNode neutron(String collection, String kind, Map<String, Object> attributes) {
        ApiClient.Response created = api.post(NEUTRON + "/" + collection, admin, Map.of(kind, attributes));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get(kind);
    }

    private void awaitGone(String serverId) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (fixture.nova("GET", "/servers/" + serverId, admin, null).status() != 404
                && Instant.now().isBefore(deadline)) {
            sleepMillis(250);
        }
    }

    private static BrowserScript.Outcome succeed(BrowserScript script, String... args) {
        BrowserScript.Outcome outcome = script.run(args);
        assertThat(outcome.succeeded()).as("browser phase %s:%n%s", args[0], outcome.output()).isTrue();
        return outcome;
    }
}
