package io.lightcloud.volume.quota;

import static java.util.Objects.requireNonNull;

import io.lightcloud.volume.VolumeProperties;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.type.VolumeType;
import io.lightcloud.volume.type.VolumeTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Cinder's quotas. A reservation is part of the transaction that creates the volume or snapshot row, and rolls back
 * with it; each counter moves with one conditional UPDATE, so concurrent creates never overshoot a limit.
 */
@Component
public class Quotas {
    private final QuotaRepository repository;
    private final VolumeTypes types;
    private final Map<String, Long> defaults;

    public Quotas(QuotaRepository repository, VolumeTypes types, VolumeProperties properties) {
        this.repository = requireNonNull(repository, "repository is null");
        this.types = requireNonNull(types, "types is null");
        VolumeProperties.Quota quota = properties.quota();
        Map<String, Long> values = new LinkedHashMap<>();
        values.put(QuotaKey.VOLUMES, quota.volumes());
        values.put(QuotaKey.SNAPSHOTS, quota.snapshots());
        values.put(QuotaKey.GIGABYTES, quota.gigabytes());
        values.put("backups", quota.backups());
        values.put("backup_gigabytes", quota.backupGigabytes());
        values.put("groups", quota.groups());
        values.put(QuotaKey.PER_VOLUME_GIGABYTES, quota.perVolumeGigabytes());
        this.defaults = Map.copyOf(values);
    }

    /** How much a volume or snapshot counts against quota: the number of volumes, snapshots and gigabytes. */
    public record Charge(long volumes, long snapshots, long gigabytes) {
        public static Charge volume(long sizeGb) {
            return new Charge(1, 0, sizeGb);
        }

        public static Charge snapshot(long sizeGb) {
            return new Charge(0, 1, sizeGb);
        }

        public static Charge gigabytes(long sizeGb) {
            return new Charge(0, 0, sizeGb);
        }
    }

    /**
     * Counts a charge against the project's quotas, project-wide and for the type. Must run inside the transaction
     * that creates or grows the resource.
     *
     * @throws io.lightcloud.common.api.ApiException 413 when a limit would be exceeded
     */
    public void reserve(String projectId, VolumeType type, Charge charge) {
        // A fixed order of row locks keeps concurrent reservations from deadlocking.
        for (Map.Entry<QuotaKey, Long> item : items(type.id(), charge).entrySet()) {
            QuotaKey key = item.getKey();
            long limit = limit(projectId, key);
            if (!repository.add(projectId, key, item.getValue(), limit)) {
                throw exceeded(projectId, key, type, item.getValue(), limit);
            }
        }
    }

    /** Refuses a volume larger than the project's {@code per_volume_gigabytes}, for creating and extending. */
    public void checkVolumeSize(String projectId, long sizeGb) {
        long perVolume = limit(projectId, QuotaKey.global(QuotaKey.PER_VOLUME_GIGABYTES));
        if (perVolume >= 0 && sizeGb > perVolume) {
            throw VolumeFaults.overQuota("Requested volume size " + sizeGb + "G is larger than maximum allowed limit "
                    + perVolume + "G.");
        }
    }

    /** Gives a charge back; inside the transaction that deletes or fails the resource. */
    public void release(String projectId, String typeId, Charge charge) {
        items(typeId, charge).forEach((key, delta) -> repository.add(projectId, key, -delta, -1));
    }

    /** A project's limit for a resource: the admin's setting, else the configured default (-1 for per-type ones). */
    public long limit(String projectId, QuotaKey key) {
        return repository.limit(projectId, key).orElseGet(() -> key.perType() ? -1L : defaults.getOrDefault(key.resource(), -1L));
    }

    /** Every quota key Cinder shows for a project, by its display name. */
    public Map<String, QuotaKey> keys() {
        Map<String, QuotaKey> keys = new LinkedHashMap<>();
        defaults.keySet().forEach(resource -> keys.put(resource, QuotaKey.global(resource)));
        for (VolumeType type : types.all()) {
            for (String resource : List.of(QuotaKey.VOLUMES, QuotaKey.GIGABYTES, QuotaKey.SNAPSHOTS)) {
                keys.put(resource + "_" + type.name(), new QuotaKey(resource, type.id()));
            }
        }
        return keys;
    }

    public Map<String, Long> defaults() {
        Map<String, Long> values = new TreeMap<>();
        keys().forEach((name, key) -> values.put(name, key.perType() ? -1L : defaults.get(key.resource())));
        return values;
    }

    public Map<String, Long> limits(String projectId) {
        Map<QuotaKey, Long> set = repository.limits(projectId);
        Map<String, Long> values = new TreeMap<>();
        keys().forEach((name, key) -> values.put(name, set.containsKey(key) ? set.get(key)
                : key.perType() ? -1L : defaults.get(key.resource())));
        return values;
    }

    public Map<String, Long> usage(String projectId) {
        Map<QuotaKey, Long> used = repository.usage(projectId);
        Map<String, Long> values = new TreeMap<>();
        keys().forEach((name, key) -> values.put(name, used.getOrDefault(key, 0L)));
        return values;
    }

    public void setLimit(String projectId, QuotaKey key, long limit) {
        repository.setLimit(projectId, key, limit);
    }

    public void resetLimits(String projectId) {
        repository.deleteLimits(projectId);
    }

    private static Map<QuotaKey, Long> items(String typeId, Charge charge) {
        Map<QuotaKey, Long> items = new TreeMap<>();
        add(items, QuotaKey.VOLUMES, typeId, charge.volumes());
        add(items, QuotaKey.SNAPSHOTS, typeId, charge.snapshots());
        add(items, QuotaKey.GIGABYTES, typeId, charge.gigabytes());
        return items;
    }

    private static void add(Map<QuotaKey, Long> items, String resource, String typeId, long delta) {
        if (delta != 0) {
            items.put(QuotaKey.global(resource), delta);
            items.put(new QuotaKey(resource, typeId), delta);
        }
    }

    private RuntimeException exceeded(String projectId, QuotaKey key, VolumeType type, long requested, long limit) {
        String name = key.perType() ? key.resource() + "_" + type.name() : key.resource();
        return switch (key.resource()) {
            case QuotaKey.GIGABYTES -> VolumeFaults.overQuota("Requested volume or "
                    + "snapshot exceeds allowed " + name + " quota. Requested " + requested + "G, quota is " + limit
                    + "G and " + repository.usage(projectId, key) + "G has been consumed.");
            case QuotaKey.VOLUMES -> VolumeFaults.overQuota("Maximum number of volumes allowed ("
                    + limit + ") exceeded for quota '" + name + "'.");
            default -> VolumeFaults.overQuota("Maximum number of snapshots allowed (" + limit
                    + ") exceeded");
        };
    }
}
