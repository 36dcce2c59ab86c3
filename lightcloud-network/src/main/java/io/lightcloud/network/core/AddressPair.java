package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/** An allowed address pair: traffic from {@code ipAddress} (an address or prefix) with {@code macAddress} passes. */
public record AddressPair(String ipAddress, String macAddress) {
    public AddressPair {
        requireNonNull(ipAddress, "ipAddress is null");
        requireNonNull(macAddress, "macAddress is null");
    }

    public Map<String, String> view() {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("ip_address", ipAddress);
        view.put("mac_address", macAddress);
        return view;
    }
}
