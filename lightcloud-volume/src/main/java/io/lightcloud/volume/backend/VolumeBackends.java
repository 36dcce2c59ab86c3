package io.lightcloud.volume.backend;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured backends by name, built once at startup so a configuration mistake stops the server. */
public final class VolumeBackends {
    private static final Logger log = LoggerFactory.getLogger(VolumeBackends.class);

    private final Map<String, VolumeBackend> backends;
    private final String defaultName;

    /**
     * @param configuration backend name to its options; option {@code driver} picks the factory
     */
    public VolumeBackends(List<VolumeBackendFactory> factories, Map<String, Map<String, String>> configuration,
            String defaultName) {
        Map<String, VolumeBackendFactory> byDriver = new HashMap<>();
        factories.forEach(f -> byDriver.put(f.driver(), f));
        Map<String, VolumeBackend> built = new LinkedHashMap<>();
        configuration.forEach((name, options) -> {
            String driver = options.get("driver");
            VolumeBackendFactory factory = driver == null ? null : byDriver.get(driver);
            if (factory == null) {
                throw new IllegalArgumentException("Volume backend " + name + ": driver '" + driver
                        + "' is not one of " + byDriver.keySet());
            }
            built.put(name, factory.create(name, options));
            log.info("Volume backend ready name={} driver={}", name, driver);
        });
        this.backends = Map.copyOf(built);
        this.defaultName = requireNonNull(defaultName, "defaultName is null");
        if (!backends.containsKey(defaultName)) {
            throw new IllegalArgumentException("The default volume backend '" + defaultName
                    + "' is not configured; configured: " + backends.keySet());
        }
    }

    public Optional<VolumeBackend> find(String name) {
        return Optional.ofNullable(backends.get(name));
    }

    /** A backend that volumes in the database refer to; its absence is a configuration error, not a client's. */
    public VolumeBackend get(String name) {
        return find(name).orElseThrow(() -> new BackendException("Volume backend '" + name
                + "' is no longer configured"));
    }

    public String defaultName() {
        return defaultName;
    }

    public Collection<VolumeBackend> all() {
        return backends.values();
    }
}
