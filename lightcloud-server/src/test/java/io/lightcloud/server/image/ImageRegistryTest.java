package io.lightcloud.server.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ServerTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** How compute and volumes use images: import a file as an image, and find the images a caller may use. */
@Tag("database")
class ImageRegistryTest extends ServerTestBase {
    @Autowired
    ImageRegistry registry;

    @TempDir
    Path files;

    @Test
    void importedImagesAreInspectedAndUsableByWhoMaySeeThem() throws Exception {
        IdentityFixture identity = new IdentityFixture(api(), adminToken());
        AuthContext owner = member(identity.project(unique("registry-owner")));
        String otherProject = unique("registry-other");
        AuthContext other = member(identity.project(otherProject));
        String otherUser = unique("registry-user");
        identity.grant(other.projectId(), identity.user(otherUser, "registry-password"), "member");
        Path qcow2 = TestImages.qcow2(files, "snapshot.qcow2", "48M");

        ImageRegistry.ImageData imported = registry.importFile(owner,
                new ImageRegistry.NewImage(unique("snapshot"), "qcow2", "bare", "shared", Map.of("image_type", "snapshot")),
                qcow2);
        assertThat(imported.virtualSize()).isEqualTo(48L << 20);
        assertThat(imported.size()).isEqualTo(Files.size(qcow2));
        assertThat(Files.readAllBytes(imported.path())).isEqualTo(Files.readAllBytes(qcow2));
        assertThat(imported.properties()).containsEntry("image_type", "snapshot");
        assertThat(api().get("/image/v2/images/" + imported.id(), adminToken()).json().get("checksum").stringValue())
                .isEqualTo(TestImages.digest("MD5", qcow2));

        assertThat(registry.findUsable(imported.id(), owner)).isPresent();
        assertThat(registry.findUsable(imported.id(), other)).isEmpty();
        assertThat(api().post("/image/v2/images/" + imported.id() + "/members", adminToken(),
                Map.of("member", other.projectId())).status()).isEqualTo(200);
        assertThat(registry.findUsable(imported.id(), other)).as("a pending share is not usable yet").isEmpty();
        assertThat(api().put("/image/v2/images/" + imported.id() + "/members/" + other.projectId(),
                api().token(otherUser, "registry-password", otherProject), Map.of("status", "accepted")).status())
                .isEqualTo(200);
        assertThat(registry.findUsable(imported.id(), other)).isPresent();
        assertThat(registry.findUsable("0b8e4f5a-6c7d-4e3f-9a1b-2c3d4e5f6a70", owner)).isEmpty();

        Path raw = Files.write(files.resolve("raw.qcow2"), new byte[1 << 20]);
        assertThatThrownBy(() -> registry.importFile(owner,
                new ImageRegistry.NewImage(unique("bad"), "qcow2", "bare", "private", Map.of()), raw))
                .isInstanceOf(ApiException.class).hasMessageContaining("declared disk_format qcow2");
    }

    private static AuthContext member(String projectId) {
        return new AuthContext("registry-user", "registry-user", "default", projectId, projectId, "default", null,
                Set.of("member", "reader"), "audit", null, Instant.now().plusSeconds(600));
    }
}
