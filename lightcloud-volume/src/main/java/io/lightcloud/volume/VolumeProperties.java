package io.lightcloud.volume;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lightcloud.volume.*}. Backends are configured by name:
 * <pre>
 * lightcloud.volume.backends.local.driver=local
 * lightcloud.volume.backends.nfs.driver=shared-directory
 * lightcloud.volume.backends.nfs.path=/mnt/volumes
 * </pre>
 * Without any backend configured, one {@code local} backend is used.
 *
 * @param host this controller's name in volume hosts ({@code host@backend#pool}) and in the bookkeeping of its
 *        background work; the machine's host name when empty
 * @param workers how many long operations (image conversions, clones, snapshots) run at once
 */
@ConfigurationProperties("lightcloud.volume")
public record VolumeProperties(
        @DefaultValue("local") String defaultBackend,
        @DefaultValue("__DEFAULT__") String defaultType,
        @DefaultValue("nova") String availabilityZone,
        @DefaultValue("") String host,
        @DefaultValue("2") int workers,
        @DefaultValue("qemu-img") String qemuImg,
        @DefaultValue("6h") Duration qemuImgTimeout,
        Map<String, Map<String, String>> backends,
        @DefaultValue Quota quota) {

    public VolumeProperties {
        if (backends == null || backends.isEmpty()) {
            backends = Map.of("local", Map.of("driver", "local"));
        } else {
            backends = Map.copyOf(new LinkedHashMap<>(backends));
        }
        if (workers < 1) {
            throw new IllegalArgumentException("lightcloud.volume.workers must be at least 1");
        }
    }

    /** Default quotas for projects without their own; -1 is unlimited. */
    public record Quota(
            @DefaultValue("10") long volumes,
            @DefaultValue("10") long snapshots,
            @DefaultValue("1000") long gigabytes,
            @DefaultValue("-1") long perVolumeGigabytes,
            @DefaultValue("10") long backups,
            @DefaultValue("1000") long backupGigabytes,
            @DefaultValue("10") long groups) {
    }
}
