package io.lightcloud.volume.backend;

import java.util.Map;

/**
 * Makes backends of one driver. An operator configures backends by name,
 * {@code lightcloud.volume.backends.<name>.driver=<driver>} plus the driver's options, and each factory bean
 * contributes one driver; adding a driver (Ceph RBD) is adding a factory, with no change to the API layer.
 */
public interface VolumeBackendFactory {
    /** The driver name operators write in the configuration, such as {@code local}. */
    String driver();

    /** @throws IllegalArgumentException when the options are missing or wrong, naming the offending option */
    VolumeBackend create(String name, Map<String, String> options);
}
