package io.lightcloud.image.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.image.core.ContainerFormat;
import io.lightcloud.image.core.DiskFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ImageSchemasTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final ImageSchemas schemas = new ImageSchemas(MAPPER);

    @Test
    void publishedFormatsAreTheOnesTheServiceKnows() {
        assertThat(enumOf("disk_format")).containsExactlyInAnyOrderElementsOf(DiskFormat.wireNames());
        assertThat(enumOf("container_format")).containsExactlyInAnyOrderElementsOf(ContainerFormat.wireNames());
    }

    @Test
    void collectionsEmbedTheItemSchema() {
        assertThat(schemas.images().at("/properties/images/items/name").stringValue()).isEqualTo("image");
        assertThat(schemas.images().at("/properties/next/type").stringValue()).isEqualTo("string");
        assertThat(schemas.members().at("/properties/members/items/properties/status/enum").size()).isEqualTo(3);
    }

    @Test
    void validatesValuesAgainstTheSchema() {
        schemas.validate("name", MAPPER.readTree("null"));
        schemas.validate("kernel_id", MAPPER.readTree("\"0b8e4f5a-6c7d-4e3f-9a1b-2c3d4e5f6a70\""));
        schemas.validate("hw_disk_bus", MAPPER.readTree("\"virtio\""));
        assertInvalid("kernel_id", "\"not-a-uuid\"");
        assertInvalid("name", "\"" + "n".repeat(256) + "\"");
        assertInvalid("min_ram", "\"512\"");
        assertInvalid("protected", "\"yes\"");
        assertInvalid("hw_disk_bus", "5");
        assertInvalid("tags", "[\"ok\", 3]");
    }

    private void assertInvalid(String name, String json) {
        assertThatThrownBy(() -> schemas.validate(name, MAPPER.readTree(json)))
                .isInstanceOf(ApiException.class).hasMessageContaining(name);
    }

    private List<String> enumOf(String property) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : schemas.image().at("/properties/" + property + "/enum")) {
            if (!value.isNull()) {
                values.add(value.stringValue());
            }
        }
        return values;
    }
}
