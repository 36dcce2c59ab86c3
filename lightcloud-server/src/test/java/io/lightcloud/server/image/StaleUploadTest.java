package io.lightcloud.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.image.core.ImageRepository;
import io.lightcloud.image.recovery.StaleUploadReaper;
import io.lightcloud.server.testing.ServerTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An upload run by another controller that went silent (that controller died and may never return) is killed by
 * whichever controller notices, and its staged data removed; a live upload elsewhere is left alone.
 */
@Tag("database")
class StaleUploadTest extends ServerTestBase {
    @Autowired
    ImageRepository repository;

    @Autowired
    StaleUploadReaper reaper;

    @Test
    void silentUploadsOfOtherControllersAreKilled() throws Exception {
        String token = adminToken();
        ImageClient images = new ImageClient(api().baseUrl());
        Map<String, Object> request = Map.of("name", unique("elsewhere"), "disk_format", "raw",
                "container_format", "bare");
        String dead = images.create(token, request);
        String alive = images.create(token, request);
        assertThat(repository.startUpload(dead, "dead-node", Instant.now().minus(Duration.ofHours(1)))).isTrue();
        assertThat(repository.startUpload(alive, "busy-node", Instant.now())).isTrue();
        Path store = dataDir().resolve("images");
        Path deadPart = Files.writeString(store.resolve("." + dead + ".dead-node.part"), "partial");
        Path alivePart = Files.writeString(store.resolve("." + alive + ".busy-node.part"), "partial");

        reaper.reap();

        assertThat(api().get("/image/v2/images/" + dead, token).json().get("status").stringValue())
                .isEqualTo("killed");
        assertThat(deadPart).doesNotExist();
        assertThat(api().get("/image/v2/images/" + alive, token).json().get("status").stringValue())
                .isEqualTo("saving");
        assertThat(alivePart).exists();
        assertThat(repository.kill(alive, "test over", Instant.now())).isTrue();
        Files.delete(alivePart);
    }
}
