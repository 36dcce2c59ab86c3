package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

/** An endpoint an admin registered for a registered service; {@code regionId} is optional. */
public record RegisteredEndpoint(String id, String serviceId, String iface, String regionId, String url,
        boolean enabled) {
    public RegisteredEndpoint {
        requireNonNull(id, "id is null");
        requireNonNull(serviceId, "serviceId is null");
        requireNonNull(iface, "iface is null");
        requireNonNull(url, "url is null");
    }
}
