package io.lightcloud.image.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.image.core.ContainerFormat;
import io.lightcloud.image.core.DiskFormat;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageMetadata;
import io.lightcloud.image.core.ImageStatus;
import io.lightcloud.image.core.StoredData;
import io.lightcloud.image.core.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

class ImageListQueryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Image> images = List.of(
            image("a", "alpha", 30, DiskFormat.QCOW2, List.of("x"), Map.of("os_distro", "debian"), 0, false),
            image("b", "beta", 10, DiskFormat.RAW, List.of("x", "y"), Map.of(), 1, false),
            image("c", "gamma", 20, DiskFormat.ISO, List.of(), Map.of("os_distro", "debian"), 2, true),
            image("d", null, null, null, List.of(), Map.of(), 3, false));

    @Test
    void defaultsToNewestFirstAndHidesHiddenImages() {
        assertThat(ids(query())).containsExactly("d", "b", "a");
        assertThat(ids(query("os_hidden", "true"))).containsExactly("c");
    }

    @Test
    void sortsWithEitherSyntax() {
        assertThat(ids(query("sort_key", "size", "sort_dir", "asc"))).containsExactly("b", "a", "d");
        assertThat(ids(query("sort", "name:asc"))).containsExactly("a", "b", "d");
        assertThat(ids(query("sort", "disk_format:desc,name"))).as("nulls first when descending, as in PostgreSQL")
                .containsExactly("d", "b", "a");
        assertStatus(400, "sort", "name", "sort_key", "name");
        assertStatus(400, "sort_key", "owner");
        assertStatus(400, "sort_dir", "sideways");
    }

    @Test
    void filtersLikeGlance() {
        assertThat(ids(query("name", "in:alpha,\"beta\""))).containsExactlyInAnyOrder("a", "b");
        assertThat(ids(query("name", "eq:beta"))).containsExactly("b");
        assertThat(ids(query("tag", "x", "tag", "y"))).containsExactly("b");
        assertThat(ids(query("size_min", "15", "size_max", "30"))).containsExactly("a");
        assertThat(ids(query("size", "30"))).as("an exact size, as Glance filters it").containsExactly("a");
        assertThat(ids(query("disk_format", "raw"))).containsExactly("b");
        assertThat(ids(query("os_distro", "debian"))).containsExactly("a");
        assertThat(ids(query("status", "queued"))).containsExactly("d");
        assertThat(ids(query("created_at", "gte:2026-01-01T00:00:01Z"))).containsExactly("d", "b");
        assertStatus(400, "name", "like:alp");
        assertStatus(400, "size_min", "big");
        assertStatus(400, "protected", "maybe");
        assertStatus(400, "member_status", "bored");
        assertStatus(400, "visibility", "everyone");
        assertStatus(400, "changes-since", "2020-01-01");
    }

    @Test
    void pagesAfterTheMarkerAndTellsWhetherMoreFollow() {
        ImageListQuery.Page first = query("limit", "2").page(images);
        assertThat(first.images()).extracting(Image::id).containsExactly("d", "b");
        assertThat(first.more()).isTrue();
        ImageListQuery.Page second = query("limit", "2", "marker", "b").page(images);
        assertThat(second.images()).extracting(Image::id).containsExactly("a");
        assertThat(second.more()).isFalse();
        assertStatus(400, "limit", "-1");
        assertStatus(400, "limit", "ten");
        assertThatThrownBy(() -> query("marker", "nope").page(images)).isInstanceOf(ApiException.class);
    }

    private List<String> ids(ImageListQuery query) {
        return query.page(images).images().stream().map(Image::id).toList();
    }

    private static ImageListQuery query(String... pairs) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.add(pairs[i], pairs[i + 1]);
        }
        return ImageListQuery.parse(params);
    }

    private static void assertStatus(int status, String... pairs) {
        assertThatThrownBy(() -> query(pairs))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(status));
    }

    private static Image image(String id, String name, Integer size, DiskFormat format, List<String> tags,
            Map<String, String> properties, int secondsAfter, boolean hidden) {
        ImageMetadata metadata = new ImageMetadata(name, "p1", Visibility.PRIVATE, false, hidden, format,
                format == null ? null : ContainerFormat.BARE, 0, 0, tags, properties);
        StoredData data = size == null ? null : new StoredData(size, size, "md5", StoredData.HASH_ALGO, "sha");
        Instant at = T0.plusSeconds(secondsAfter);
        return new Image(id, data == null ? ImageStatus.QUEUED : ImageStatus.ACTIVE, metadata, data, at, at);
    }
}
