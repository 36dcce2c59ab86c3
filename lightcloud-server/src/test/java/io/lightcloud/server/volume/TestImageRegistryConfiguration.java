package io.lightcloud.server.volume;

import io.lightcloud.common.image.ImageRegistry;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Provides {@link TestImageRegistry} to the server under test when no module provides an image registry. It is a
 * test auto-configuration (listed in the test resources) so that the condition is evaluated after every module's
 * beans are known, which a plain configuration class cannot guarantee.
 */
@AutoConfiguration
public class TestImageRegistryConfiguration {
    @Bean
    @ConditionalOnMissingBean(ImageRegistry.class)
    ImageRegistry testImageRegistry(@Value("${lightcloud.data-dir}") Path dataDir) {
        return new TestImageRegistry(dataDir.resolve("test-images"));
    }
}
