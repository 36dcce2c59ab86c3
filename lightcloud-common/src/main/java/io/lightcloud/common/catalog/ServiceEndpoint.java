package io.lightcloud.common.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A service's entry in the Keystone service catalog. Each service module contributes one bean; the identity service
 * turns them into catalog entries with public, internal and admin endpoints under the external URL.
 *
 * @param type the catalog type clients look up, such as {@code compute}
 * @param name the conventional OpenStack name, such as {@code nova}
 * @param path the versioned path under the external URL, such as {@code /compute/v2.1}
 */
public record ServiceEndpoint(String id, String type, String name, String path) {
    public ServiceEndpoint {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
    }
}
