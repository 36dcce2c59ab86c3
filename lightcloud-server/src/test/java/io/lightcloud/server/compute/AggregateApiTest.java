package io.lightcloud.server.compute;

import static io.lightcloud.server.compute.ComputeFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Nova's host aggregates: the API's shapes and faults, admin-only policy, and what a zoned aggregate does to its
 * hosts (their zone in the zone list and for scheduling, refused while servers run on them, never two zones).
 * Hosts are {@link SimulatedAgent}s.
 */
@Tag("database")
class AggregateApiTest extends ComputeTestBase {
    private SimulatedAgent agent;

    @BeforeEach
    void startHost() {
        agent = SimulatedAgent.start(api, admin, unique("agg-host"), 4, 8192, 40, zone);
    }

    @AfterEach
    void stopHost() {
        agent.close();
    }

    @Test
    void aZonedAggregateMovesItsHostIntoTheZoneAndBack() {
        String aggregateZone = unique("agg-zone");
        ApiClient.Response created = aggregates("POST", "", Map.of("aggregate", Map.of("name", unique("agg"),
                "availability_zone", aggregateZone)));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        JsonNode aggregate = created.json().get("aggregate");
        assertThat(aggregate.propertyNames()).as("Nova's create answer has no hosts nor metadata")
                .containsExactlyInAnyOrder("availability_zone", "created_at", "deleted", "deleted_at", "id", "name",
                        "updated_at", "uuid");
        assertThat(aggregate.get("availability_zone").stringValue()).isEqualTo(aggregateZone);
        long id = aggregate.get("id").longValue();

        JsonNode added = action(id, Map.of("add_host", Map.of("host", agent.hostname())), 200).get("aggregate");
        assertThat(added.get("hosts").get(0).stringValue()).isEqualTo(agent.hostname());
        assertThat(added.at("/metadata/availability_zone").stringValue()).isEqualTo(aggregateZone);
        assertThat(zoneOf(agent.hostname())).isEqualTo(aggregateZone);

        String flavor = fixture.flavor(unique("agg-flavor"), 1, 256, 1);
        String image = fixture.image(unique("agg-image"));
        Map<String, Object> body = fixture.serverBody("in-aggregate", flavor, image);
        body.put("availability_zone", aggregateZone);
        String server = fixture.createServer(admin, body);
        agent.converge();
        JsonNode active = fixture.awaitServer(admin, server, status("ACTIVE"), "ACTIVE");
        assertThat(active.get("OS-EXT-AZ:availability_zone").stringValue()).isEqualTo(aggregateZone);
        assertThat(active.get("OS-EXT-SRV-ATTR:host").stringValue()).isEqualTo(agent.hostname());

        action(id, Map.of("remove_host", Map.of("host", agent.hostname())), 409);
        assertThat(aggregates("PUT", "/" + id, Map.of("aggregate", Map.of("availability_zone", unique("z"))))
                .status()).as("re-zoning a host with servers").isEqualTo(400);
        assertThat(aggregates("DELETE", "/" + id, null).status()).as("an aggregate with hosts").isEqualTo(400);
        assertThat(zoneOf(agent.hostname())).as("refusals change nothing").isEqualTo(aggregateZone);

        assertThat(fixture.nova("DELETE", "/servers/" + server, admin, null).status()).isEqualTo(204);
        agent.converge();
        JsonNode removed = action(id, Map.of("remove_host", Map.of("host", agent.hostname())), 200).get("aggregate");
        assertThat(removed.get("hosts")).isEmpty();
        assertThat(zoneOf(agent.hostname())).as("back to the zone it registered with").isEqualTo(zone);

        assertThat(aggregates("DELETE", "/" + id, null).status()).isEqualTo(200);
        assertThat(aggregates("GET", "/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void metadataIsSetAndRemovedAndAHostIsNeverInTwoZones() {
        long first = create(unique("agg-a"), unique("zone-a"));
        long second = create(unique("agg-b"), null);
        action(first, Map.of("add_host", Map.of("host", agent.hostname())), 200);
        action(second, Map.of("add_host", Map.of("host", agent.hostname())), 200);

        Map<String, Object> items = new HashMap<>();
        items.put("ssd", "true");
        items.put("availability_zone", unique("zone-b"));
        assertThat(aggregates("POST", "/" + second + "/action", Map.of("set_metadata", Map.of("metadata", items)))
                .status()).as("a second zone for the host").isEqualTo(400);
        assertThat(show(second).get("metadata").has("ssd")).as("the refused change is rolled back").isFalse();

        JsonNode set = action(second, Map.of("set_metadata", Map.of("metadata", Map.of("ssd", "true", "rack", "r1"))),
                200).get("aggregate");
        assertThat(set.at("/metadata/ssd").stringValue()).isEqualTo("true");
        Map<String, Object> removal = new HashMap<>();
        removal.put("rack", null);
        JsonNode removed = action(second, Map.of("set_metadata", Map.of("metadata", removal)), 200).get("aggregate");
        assertThat(removed.get("metadata").propertyNames()).containsExactly("ssd");

        long third = create(unique("agg-c"), unique("zone-c"));
        assertThat(aggregates("POST", "/" + third + "/action", Map.of("add_host", Map.of("host", agent.hostname())))
                .status()).as("a host already zoned elsewhere").isEqualTo(409);

        JsonNode renamed = aggregates("PUT", "/" + second, Map.of("aggregate", Map.of("name", "renamed-" + second)))
                .json().get("aggregate");
        assertThat(renamed.get("name").stringValue()).isEqualTo("renamed-" + second);
        assertThat(aggregates("GET", "", null).json().get("aggregates").findValuesAsString("name"))
                .contains("renamed-" + second);

        action(first, Map.of("remove_host", Map.of("host", agent.hostname())), 200);
        action(second, Map.of("remove_host", Map.of("host", agent.hostname())), 200);
        for (long id : List.of(first, second, third)) {
            assertThat(aggregates("DELETE", "/" + id, null).status()).isEqualTo(200);
        }
    }

    @Test
    void flavorsAskingForAggregateMetadataLandOnlyOnItsHosts() {
        try (SimulatedAgent other = SimulatedAgent.start(api, admin, unique("agg-other"), 4, 8192, 40, zone)) {
            long id = create(unique("agg-ssd"), null);
            action(id, Map.of("add_host", Map.of("host", agent.hostname())), 200);
            action(id, Map.of("set_metadata", Map.of("metadata", Map.of("ssd", "true"))), 200);
            String flavor = fixture.flavor(unique("ssd-flavor"), 1, 256, 1);
            ApiClient.Response specs = fixture.nova("POST", "/flavors/" + flavor + "/os-extra_specs", admin,
                    Map.of("extra_specs", Map.of("aggregate_instance_extra_specs:ssd", "true")));
            assertThat(specs.status()).as(specs.text()).isEqualTo(200);
            String image = fixture.image(unique("ssd-image"));
            for (int i = 0; i < 3; i++) {
                String server = fixture.createServer(admin, zoned("on-ssd-" + i, flavor, image));
                agent.converge();
                other.converge();
                JsonNode active = fixture.awaitServer(admin, server, status("ACTIVE"), "ACTIVE");
                assertThat(active.get("OS-EXT-SRV-ATTR:host").stringValue()).isEqualTo(agent.hostname());
                assertThat(fixture.nova("DELETE", "/servers/" + server, admin, null).status()).isEqualTo(204);
                agent.converge();
            }
            String nowhere = fixture.flavor(unique("nvme-flavor"), 1, 256, 1);
            fixture.nova("POST", "/flavors/" + nowhere + "/os-extra_specs", admin,
                    Map.of("extra_specs", Map.of("aggregate_instance_extra_specs:nvme", "true")));
            String unplaced = fixture.createServer(admin, zoned("no-nvme", nowhere, image));
            JsonNode failed = fixture.awaitServer(admin, unplaced, status("ERROR"), "ERROR");
            assertThat(failed.at("/fault/message").stringValue()).contains("No valid host");
            assertThat(fixture.nova("DELETE", "/servers/" + unplaced, admin, null).status()).isEqualTo(204);
            action(id, Map.of("remove_host", Map.of("host", agent.hostname())), 200);
            assertThat(aggregates("DELETE", "/" + id, null).status()).isEqualTo(200);
        }
    }

    @Test
    void badRequestsGetNovasFaults() {
        String name = unique("agg-dup");
        long id = create(name, null);
        assertThat(aggregates("POST", "", Map.of("aggregate", Map.of("name", name))).status()).isEqualTo(409);
        assertThat(aggregates("POST", "", Map.of("aggregate", Map.of("name", ""))).status()).isEqualTo(400);
        assertThat(aggregates("POST", "", Map.of("aggregate", Map.of("name", "a".repeat(256)))).status())
                .isEqualTo(400);
        assertThat(aggregates("POST", "", Map.of("aggregate", Map.of("name", unique("x"), "colour", "red")))
                .status()).isEqualTo(400);
        assertThat(aggregates("POST", "", Map.of("aggregate", Map.of("name", unique("x"),
                "availability_zone", "a:b"))).status()).isEqualTo(400);
        assertThat(aggregates("PUT", "/" + id, Map.of("aggregate", Map.of())).status()).isEqualTo(400);
        ApiClient.Response missing = aggregates("GET", "/-1", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/itemNotFound/message").stringValue()).contains("-1");
        assertThat(aggregates("GET", "/not-a-number", null).status()).isEqualTo(404);
        assertThat(aggregates("DELETE", "/-1", null).status()).isEqualTo(404);
        action(id, Map.of("add_host", Map.of("host", unique("no-such-host"))), 404);
        action(id, Map.of("remove_host", Map.of("host", agent.hostname())), 404);
        action(id, Map.of("add_host", Map.of("host", agent.hostname())), 200);
        action(id, Map.of("add_host", Map.of("host", agent.hostname())), 409);
        action(id, Map.of("reboot_hosts", Map.of()), 400);
        action(id, Map.of("remove_host", Map.of("host", agent.hostname())), 200);
        assertThat(aggregates("DELETE", "/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void onlyAdminsSeeOrChangeAggregates() {
        long id = create(unique("agg-admin"), null);
        String member = fixture.tenant(unique("agg-member")).token();
        assertThat(fixture.nova("GET", "/os-aggregates", member, null).status()).isEqualTo(403);
        assertThat(fixture.nova("POST", "/os-aggregates", member, Map.of("aggregate", Map.of("name", unique("m"))))
                .status()).isEqualTo(403);
        assertThat(fixture.nova("GET", "/os-aggregates/" + id, member, null).status()).isEqualTo(403);
        assertThat(fixture.nova("DELETE", "/os-aggregates/" + id, member, null).status()).isEqualTo(403);
        assertThat(fixture.nova("POST", "/os-aggregates/" + id + "/action", member,
                Map.of("add_host", Map.of("host", agent.hostname()))).status()).isEqualTo(403);
        assertThat(show(id).get("hosts")).as("nothing changed").isEmpty();
        assertThat(fixture.nova("GET", "/os-aggregates/" + id, admin, null, "2.40").json().at("/aggregate")
                .has("uuid")).as("uuid from 2.41").isFalse();
        assertThat(aggregates("DELETE", "/" + id, null).status()).isEqualTo(200);
    }

    private long create(String name, String aggregateZone) {
        Map<String, Object> aggregate = new HashMap<>();
        aggregate.put("name", name);
        aggregate.put("availability_zone", aggregateZone);
        ApiClient.Response created = aggregates("POST", "", Map.of("aggregate", aggregate));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.json().at("/aggregate/id").longValue();
    }

    private JsonNode show(long id) {
        ApiClient.Response shown = aggregates("GET", "/" + id, null);
        assertThat(shown.status()).as(shown.text()).isEqualTo(200);
        return shown.json().get("aggregate");
    }

    private JsonNode action(long id, Map<String, Object> body, int expectedStatus) {
        ApiClient.Response response = aggregates("POST", "/" + id + "/action", body);
        assertThat(response.status()).as(response.text()).isEqualTo(expectedStatus);
        return response.json();
    }

    private ApiClient.Response aggregates(String method, String path, Object body) {
        return fixture.nova(method, "/os-aggregates" + path, admin, body);
    }

    private String zoneOf(String hostname) {
        for (JsonNode zoneInfo : fixture.nova("GET", "/os-availability-zone/detail", admin, null).json()
                .get("availabilityZoneInfo")) {
            if (zoneInfo.get("hosts").has(hostname)) {
                return zoneInfo.get("zoneName").stringValue();
            }
        }
        throw new AssertionError("host " + hostname + " is in no zone");
    }
}
