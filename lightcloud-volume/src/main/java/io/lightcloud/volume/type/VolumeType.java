package io.lightcloud.volume.type;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A volume type; its {@code volume_backend_name} extra spec picks the backend, else the default backend. */
public record VolumeType(String id, String name, String description, boolean isPublic, Map<String, String> extraSpecs) {
    public static final String BACKEND_SPEC = "volume_backend_name";

    public VolumeType {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        extraSpecs = Map.copyOf(extraSpecs);
    }

    /** The backend this type names, or null for the default backend. */
    public String backendName() {
        return extraSpecs.get(BACKEND_SPEC);
    }
}
