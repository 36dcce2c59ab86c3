package io.lightcloud.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Calls the network API as one caller, and creates resources that must succeed. */
final class NeutronClient {
    static final String BASE = "/network/v2.0";

    private final ApiClient api;
    private final String token;

    NeutronClient(ApiClient api, String token) {
        this.api = api;
        this.token = token;
    }

    ApiClient.Response get(String path) {
        return api.get(BASE + path, token);
    }

    ApiClient.Response post(String path, Object body) {
        return api.post(BASE + path, token, body);
    }

    ApiClient.Response put(String path, Object body) {
        return api.put(BASE + path, token, body);
    }

    ApiClient.Response delete(String path) {
        return api.delete(BASE + path, token);
    }

    /** Creates {@code {"<kind>": attributes}} at {@code /<collection>} and returns the created resource. */
    JsonNode create(String collection, String kind, Map<String, Object> attributes) {
        ApiClient.Response created = post("/" + collection, Map.of(kind, attributes));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get(kind);
    }

    JsonNode network(String name) {
        return create("networks", "network", Map.of("name", name));
    }

    JsonNode subnet(String networkId, String cidr) {
        return create("subnets", "subnet", Map.of("network_id", networkId, "cidr", cidr, "ip_version", 4));
    }

    JsonNode port(String networkId) {
        return create("ports", "port", Map.of("network_id", networkId));
    }

    static void assertFault(ApiClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        JsonNode error = response.json().get("NeutronError");
        assertThat(error).as(response.text()).isNotNull();
        assertThat(error.get("type").stringValue()).isEqualTo(type);
        assertThat(error.get("message").stringValue()).isNotBlank();
        assertThat(error.has("detail")).isTrue();
    }
}
