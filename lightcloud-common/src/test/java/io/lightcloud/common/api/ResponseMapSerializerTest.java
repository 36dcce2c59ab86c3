package io.lightcloud.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ResponseMapSerializerTest {
    private final JsonMapper plain = JsonMapper.builder().build();
    private final JsonMapper fast = JsonMapper.builder().addModule(ResponseMapSerializer.module()).build();

    @Test
    void writesTheSameJsonAsJacksonsOwnMapSerializer() {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("id", "7d1c");
        server.put("key_name", null);
        server.put("progress", 0);
        server.put("size", 5_000_000_000L);
        server.put("ratio", 1.5);
        server.put("exact", new BigDecimal("0.10"));
        server.put("locked", false);
        server.put("created", OffsetDateTime.of(2026, 11, 26, 7, 0, 0, 0, ZoneOffset.UTC));
        server.put("metadata", new TreeMap<>(Map.of("b", "2", "a", "1")));
        server.put("addresses", Map.of("net", List.of(Map.of("addr", "10.0.0.4", "version", 4))));
        server.put("tags", Arrays.asList("x", null, "z"));
        server.put("security_groups", new ArrayList<>());
        server.put("fault", new HashMap<>());
        server.put("node", plain.readTree("{\"n\": [1, true, null]}"));
        server.put("numbers", new int[] {1, 2});
        Map<String, Object> body = Map.of("servers", List.of(server, Map.of()));

        assertThat(fast.writeValueAsString(body)).isEqualTo(plain.writeValueAsString(body))
                .contains("\"key_name\":null", "\"metadata\":{\"a\":\"1\",\"b\":\"2\"}");
    }

    @Test
    void keysAreWrittenAsStringsAndNullKeysRefused() {
        Map<Object, Object> numbered = new LinkedHashMap<>();
        numbered.put(4, "four");
        assertThat(fast.writeValueAsString(numbered)).isEqualTo("{\"4\":\"four\"}");
        Map<String, Object> broken = new HashMap<>();
        broken.put(null, "x");
        assertThatThrownBy(() -> fast.writeValueAsString(broken)).hasMessageContaining("null key");
    }
}
