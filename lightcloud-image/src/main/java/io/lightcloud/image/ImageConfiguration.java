package io.lightcloud.image;

import io.lightcloud.common.api.FaultFormat;
import io.lightcloud.common.catalog.ServiceEndpoint;
import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.common.web.BodyLimitExemption;
import io.lightcloud.image.api.GlanceFaultFormat;
import io.lightcloud.image.inspect.ImageInspector;
import io.lightcloud.image.store.ControllerNode;
import io.lightcloud.image.store.ImageStore;
import io.lightcloud.image.store.LocalFileImageStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
public class ImageConfiguration {

    @Bean
    ServiceEndpoint imageEndpoint() {
        return new ServiceEndpoint("0b8e4f5a6c7d4e3f9a1b2c3d4e5f6a70", "image", "glance", "/image");
    }

    @Bean
    FaultFormat imageFaultFormat() {
        return new GlanceFaultFormat();
    }

    @Bean
    PolicyDefaults imagePolicies() {
        return new ImagePolicies();
    }

    /**
     * Image data streams under its own limit, {@code lightcloud.image.max-size}, not the JSON API's body limit. The
     * path must be exactly an image's data path, so that no JSON endpoint escapes the limit by a look-alike URI.
     */
    @Bean
    BodyLimitExemption imageDataUploads() {
        Pattern data = Pattern.compile("/image/v2/images/[0-9a-fA-F-]{36}/file");
        return new BodyLimitExemption(path -> data.matcher(path).matches());
    }

    @Bean
    ImageLimits imageLimits(@Value("${lightcloud.image.max-size:1TB}") DataSize maxSize,
            @Value("${lightcloud.image.max-virtual-size:1TB}") DataSize maxVirtualSize,
            @Value("${lightcloud.image.stale-upload-timeout:5m}") Duration staleUpload) {
        return new ImageLimits(maxSize.toBytes(), maxVirtualSize.toBytes(), staleUpload);
    }

    @Bean
    ControllerNode controllerNode(@Value("${lightcloud.data-dir}") String dataDir) throws IOException {
        return ControllerNode.load(Path.of(dataDir));
    }

    @Bean
    ImageStore imageStore(@Value("${lightcloud.image.store-dir:${lightcloud.data-dir}/images}") String directory,
            ControllerNode node) throws IOException {
        return new LocalFileImageStore(Path.of(directory), node.id());
    }

    @Bean
    ImageInspector imageInspector(@Value("${lightcloud.image.qemu-img:qemu-img}") String qemuImg,
            @Value("${lightcloud.image.inspect-timeout:60s}") Duration timeout, ObjectMapper mapper) {
        return new ImageInspector(qemuImg, timeout, mapper);
    }
}
