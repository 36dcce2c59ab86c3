package io.lightcloud.image.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.image.api.ImageSchemas;
import io.lightcloud.image.core.ContainerFormat;
import io.lightcloud.image.core.DiskFormat;
import io.lightcloud.image.core.ImageMetadata;
import io.lightcloud.image.core.Visibility;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ImagePatchTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final MetadataRules rules = new MetadataRules(new ImageSchemas(MAPPER));

    @Test
    void replacesAddsAndRemovesProperties() {
        ImageMetadata result = apply(ImagePatch.V2_1, """
                [{"op": "replace", "path": "/name", "value": "renamed"},
                 {"op": "add", "path": "/hw_disk_bus", "value": "scsi"},
                 {"op": "remove", "path": "/os_distro"},
                 {"op": "replace", "path": "/min_ram", "value": 512},
                 {"op": "replace", "path": "/protected", "value": true},
                 {"op": "replace", "path": "/disk_format", "value": "raw"}]""");
        assertThat(result.name()).isEqualTo("renamed");
        assertThat(result.properties()).isEqualTo(Map.of("hw_disk_bus", "scsi"));
        assertThat(result.minRam()).isEqualTo(512);
        assertThat(result.isProtected()).isTrue();
        assertThat(result.diskFormat()).isEqualTo(DiskFormat.RAW);
    }

    @Test
    void acceptsTheOlderDialect() {
        ImageMetadata result = apply(ImagePatch.V2_0, """
                [{"replace": "/name", "value": "old-style"}, {"add": "/architecture", "value": "x86_64"}]""");
        assertThat(result.name()).isEqualTo("old-style");
        assertThat(result.properties()).containsEntry("architecture", "x86_64");
        assertStatus(ImagePatch.V2_0, "[{\"add\": \"/os_distro\", \"value\": \"again\"}]", 409);
    }

    @Test
    void appliesTheElementWiseTagDiffsOpenstacksdkSends() {
        assertThat(apply(ImagePatch.V2_1, "[{\"op\": \"add\", \"path\": \"/tags/2\", \"value\": \"c\"},"
                + " {\"op\": \"move\", \"from\": \"/tags/0\", \"path\": \"/tags/2\"}]").tags())
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(apply(ImagePatch.V2_1, "[{\"op\": \"add\", \"path\": \"/tags/-\", \"value\": \"z\"},"
                + " {\"op\": \"remove\", \"path\": \"/tags/0\"}]").tags()).containsExactly("b", "z");
        assertThat(apply(ImagePatch.V2_1, "[{\"op\": \"replace\", \"path\": \"/tags\", \"value\": [\"x\", \"x\"]}]")
                .tags()).containsExactly("x");
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"remove\", \"path\": \"/tags/9\"}]", 409);
    }

    @Test
    void refusesWhatGlanceRefuses() {
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"replace\", \"path\": \"/status\", \"value\": \"active\"}]", 403);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"replace\", \"path\": \"/checksum\", \"value\": \"x\"}]", 403);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"add\", \"path\": \"/os_glance_x\", \"value\": \"x\"}]", 403);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"remove\", \"path\": \"/name\"}]", 403);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"replace\", \"path\": \"/missing\", \"value\": \"x\"}]", 409);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"remove\", \"path\": \"/missing\"}]", 409);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"x\"}]", 400);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"replace\", \"path\": \"/min_disk\", \"value\": -1}]", 400);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"add\", \"path\": \"/custom\", \"value\": 5}]", 400);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"add\", \"path\": \"/a/b\", \"value\": \"x\"}]", 400);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"test\", \"path\": \"/name\", \"value\": \"x\"}]", 400);
        assertStatus(ImagePatch.V2_1, "[{\"op\": \"add\", \"path\": \"name\", \"value\": \"x\"}]", 400);
        assertStatus(ImagePatch.V2_1, "{\"op\": \"add\"}", 400);
    }

    @Test
    void limitsTagsAndProperties() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < MetadataRules.MAX_PROPERTIES; i++) {
            many.append(i == 0 ? "" : ",").append("{\"op\": \"add\", \"path\": \"/p").append(i)
                    .append("\", \"value\": \"v\"}");
        }
        assertStatus(ImagePatch.V2_1, many + "]", 413);
    }

    @Test
    void recognisesGlancesPatchMediaTypesAndTheRfc6902Ones() {
        assertThat(ImagePatch.accepts("application/openstack-images-v2.1-json-patch; charset=UTF-8")).isTrue();
        assertThat(ImagePatch.accepts(ImagePatch.V2_0)).isTrue();
        assertThat(ImagePatch.accepts("application/json")).isTrue();
        assertThat(ImagePatch.accepts("application/json-patch+json")).isTrue();
        assertThat(ImagePatch.accepts("text/plain")).isFalse();
        assertThat(ImagePatch.accepts(null)).isFalse();
    }

    private ImageMetadata apply(String contentType, String body) {
        ImageMetadata.Builder image = new ImageMetadata("disk", "p1", Visibility.SHARED, false, false,
                DiskFormat.QCOW2, ContainerFormat.BARE, 0, 0, List.of("a", "b"), Map.of("os_distro", "debian"))
                .toBuilder();
        ImagePatch.parse(contentType, MAPPER.readTree(body)).apply(image, rules);
        return image.build();
    }

    private void assertStatus(String contentType, String body, int status) {
        assertThatThrownBy(() -> apply(contentType, body))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).as(e.getMessage()).isEqualTo(status));
    }
}
