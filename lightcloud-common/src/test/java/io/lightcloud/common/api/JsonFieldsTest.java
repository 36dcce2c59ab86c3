package io.lightcloud.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonFieldsTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void readsTypedFields() {
        JsonFields server = JsonFields.of(json("{\"server\": {\"name\": \"vm\", \"count\": 3, \"on\": true,"
                + " \"tags\": [\"a\", \"b\"], \"meta\": {\"k\": \"v\"}}}"), "server");
        assertThat(server.requiredString("name", 255)).isEqualTo("vm");
        assertThat(server.integer("count", 1, 10)).contains(3L);
        assertThat(server.bool("on")).contains(true);
        assertThat(server.stringList("tags", 10).orElseThrow()).containsExactly("a", "b");
        assertThat(server.object("meta").orElseThrow().requiredString("k", 5)).isEqualTo("v");
        assertThat(server.string("absent", 10)).isEmpty();
    }

    @Test
    void violationsNameTheFieldAndTheExpectation() {
        JsonFields server = JsonFields.of(json("{\"server\": {\"name\": 7, \"count\": 30, \"on\": \"yes\"}}"),
                "server");
        assertThatThrownBy(() -> server.requiredString("name", 255)).isInstanceOf(ApiException.class)
                .hasMessage("Invalid input for field 'server.name': 7 is not a string.");
        assertThatThrownBy(() -> server.integer("count", 1, 10)).hasMessageContaining("not between 1 and 10");
        assertThatThrownBy(() -> server.bool("on")).hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> server.requiredString("image", 10)).hasMessage("'server.image' is a required property.");
        assertThatThrownBy(() -> server.allowOnly(Set.of("name"))).hasMessageContaining("'count'");
    }

    @Test
    void rejectsMissingOrWrongEnvelopes() {
        assertThatThrownBy(() -> JsonFields.of(null, "server")).hasMessageContaining("request body is missing");
        assertThatThrownBy(() -> JsonFields.of(json("[1]"), "server")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> JsonFields.of(json("{\"server\": 1}"), "server"))
                .hasMessageContaining("is not an object");
        assertThatThrownBy(() -> JsonFields.of(json("{}"), "server"))
                .hasMessage("'server' is a required property.");
    }

    @Test
    void enforcesLengthLimits() {
        JsonFields f = JsonFields.of(json("{\"x\": {\"name\": \"abcdef\"}}"), "x");
        assertThatThrownBy(() -> f.requiredString("name", 3)).hasMessageContaining("longer than 3 characters");
    }

    private static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }
}
