package io.lightcloud.image.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileImageStoreTest {
    @TempDir
    Path dir;

    @Test
    void stagedDataAppearsOnlyWhenCommitted() throws Exception {
        LocalFileImageStore store = new LocalFileImageStore(dir, "node-a");
        String id = UUID.randomUUID().toString();
        try (ImageStore.Staged staged = store.stage(id)) {
            staged.output().write("hello image".getBytes(StandardCharsets.UTF_8));
            assertThat(store.open(id, 0)).isEmpty();
            assertThat(store.list()).singleElement().satisfies(f -> {
                assertThat(f.imageId()).isEqualTo(id);
                assertThat(f.stagingNode()).isEqualTo("node-a");
            });
            staged.commit();
        }
        try (InputStream in = store.open(id, 6).orElseThrow()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("image");
        }
        assertThat(store.list()).singleElement().satisfies(f -> assertThat(f.isStaged()).isFalse());
        store.delete(id);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws Exception {
        LocalFileImageStore store = new LocalFileImageStore(dir, "node-a");
        String id = UUID.randomUUID().toString();
        try (ImageStore.Staged staged = store.stage(id)) {
            staged.output().write(new byte[4096]);
        }
        assertThat(store.list()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void listsStagedFilesOfOtherNodesAndIgnoresForeignFiles() throws Exception {
        LocalFileImageStore store = new LocalFileImageStore(dir, "node-a");
        String id = UUID.randomUUID().toString();
        Files.writeString(dir.resolve("." + id + ".node-b.part"), "partial");
        Files.writeString(dir.resolve("README"), "not an image");
        assertThat(store.list()).singleElement().satisfies(f -> assertThat(f.stagingNode()).isEqualTo("node-b"));
    }
}
