package io.lightcloud.agent.driver;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the guest learns about itself from the config drive (or later the metadata service), in Nova's terms.
 * {@code userData} is base64 as the Nova API accepts it, or null; {@code networkData} and {@code vendorData} are the
 * documents for {@code network_data.json} and {@code vendor_data.json}, or null for empty ones.
 */
public record InstanceMetadata(String hostname, String projectId, String availabilityZone, int launchIndex,
        Map<String, String> meta, Map<String, String> publicKeys, String userData, JsonNode networkData,
        JsonNode vendorData) {
    public InstanceMetadata {
        requireNonNull(hostname, "hostname");
        meta = Map.copyOf(requireNonNull(meta, "meta"));
        publicKeys = unmodifiableOrdered(requireNonNull(publicKeys, "publicKeys"));
        if (userData != null) {
            Base64.getMimeDecoder().decode(userData);
        }
        // A JSON null read back from a stored record means "none".
        networkData = networkData == null || networkData.isNull() ? null : networkData;
        vendorData = vendorData == null || vendorData.isNull() ? null : vendorData;
        if (networkData != null && !networkData.isObject() || vendorData != null && !vendorData.isObject()) {
            throw new IllegalArgumentException("network and vendor data must be JSON objects");
        }
        networkData = networkData == null ? null : networkData.deepCopy();
        vendorData = vendorData == null ? null : vendorData.deepCopy();
    }

    /** Metadata with only a hostname: no keys, no user data, empty network and vendor data. */
    public static InstanceMetadata of(String hostname) {
        return new InstanceMetadata(hostname, null, null, 0, Map.of(), Map.of(), null, null, null);
    }

    public InstanceMetadata withUserData(String base64) {
        return new InstanceMetadata(hostname, projectId, availabilityZone, launchIndex, meta, publicKeys, base64,
                networkData, vendorData);
    }

    /** The decoded user data, or null. */
    public byte[] userDataBytes() {
        return userData == null ? null : Base64.getMimeDecoder().decode(userData);
    }

    // Key order is kept so "keys" in meta_data.json lists them in the order the user gave.
    private static Map<String, String> unmodifiableOrdered(Map<String, String> map) {
        map.forEach((k, v) -> {
            requireNonNull(k, "public key name");
            requireNonNull(v, "public key");
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
