package io.lightcloud.volume.backend;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cinder's {@code connection_info}: the transport ({@code driver_volume_type}) and what a hypervisor host needs to
 * open the volume. File backends answer {@code file} with a path and format that QEMU opens directly; an RBD backend
 * would answer {@code rbd} with {@code pool/image} that QEMU opens as {@code rbd:pool/image}.
 */
public record ConnectionInfo(String driverVolumeType, Map<String, Object> data) {
    public ConnectionInfo {
        requireNonNull(driverVolumeType, "driverVolumeType is null");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("driver_volume_type", driverVolumeType);
        map.put("data", data);
        return map;
    }
}
