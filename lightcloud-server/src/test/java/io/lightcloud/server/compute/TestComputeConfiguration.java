package io.lightcloud.server.compute;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.common.volume.VolumeAttachments;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Gives the server under test an image registry and a volume service when no module provides them, so compute's
 * tests run on a server built without lightcloud-image and lightcloud-volume. A test auto-configuration (listed in
 * the test resources) so the conditions are evaluated after every module's beans are known.
 */
@AutoConfiguration
public class TestComputeConfiguration {
    @Bean
    @ConditionalOnMissingBean(ImageRegistry.class)
    ImageRegistry computeTestImageRegistry(@Value("${lightcloud.data-dir}") Path dataDir) {
        return new TestImageRegistry(dataDir.resolve("test-images"));
    }

    @Bean
    @ConditionalOnMissingBean(VolumeAttachments.class)
    VolumeAttachments computeTestVolumeAttachments() {
        return new TestVolumeAttachments();
    }
}
