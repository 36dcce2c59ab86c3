package io.lightcloud.volume;

import io.lightcloud.common.api.FaultFormat;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.catalog.ServiceEndpoint;
import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.volume.api.CinderFaultFormat;
import io.lightcloud.volume.api.CinderRequests;
import io.lightcloud.volume.backend.LocalBackendFactory;
import io.lightcloud.volume.backend.QemuImg;
import io.lightcloud.volume.backend.SharedDirectoryBackendFactory;
import io.lightcloud.volume.backend.VolumeBackendFactory;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.task.VolumeTasks;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VolumeProperties.class)
public class VolumeConfiguration {
    /** Cinder's catalog path; Keystone fills in the project of the token. */
    private static final String PATH = "/volume/v3/$(project_id)s";

    @Bean
    ServiceEndpoint volumev3Endpoint() {
        return new ServiceEndpoint("0b8d3e4f5a6b4c7d8e9f0a1b2c3d4e51", "volumev3", "cinderv3", PATH);
    }

    @Bean
    ServiceEndpoint blockStorageEndpoint() {
        return new ServiceEndpoint("0b8d3e4f5a6b4c7d8e9f0a1b2c3d4e52", "block-storage", "cinder", PATH);
    }

    @Bean
    FaultFormat volumeFaultFormat() {
        return new CinderFaultFormat();
    }

    @Bean
    PolicyDefaults volumePolicies() {
        return new VolumePolicies();
    }

    @Bean
    CinderRequests cinderRequests(ExternalUrl externalUrl) {
        return new CinderRequests(externalUrl);
    }

    @Bean
    QemuImg qemuImg(VolumeProperties properties) {
        return new QemuImg(properties.qemuImg(), properties.qemuImgTimeout());
    }

    @Bean
    VolumeBackendFactory localVolumeBackendFactory(@Value("${lightcloud.data-dir}") Path dataDir, QemuImg qemuImg) {
        return new LocalBackendFactory(dataDir, qemuImg);
    }

    @Bean
    VolumeBackendFactory sharedDirectoryVolumeBackendFactory(QemuImg qemuImg) {
        return new SharedDirectoryBackendFactory(qemuImg);
    }

    @Bean
    VolumeBackends volumeBackends(List<VolumeBackendFactory> factories, VolumeProperties properties) {
        return new VolumeBackends(factories, properties.backends(), properties.defaultBackend());
    }

    @Bean(destroyMethod = "close")
    VolumeTasks volumeTasks(VolumeProperties properties) throws UnknownHostException {
        String host = properties.host().isBlank() ? InetAddress.getLocalHost().getHostName() : properties.host();
        return new VolumeTasks(properties.workers(), host);
    }
}
