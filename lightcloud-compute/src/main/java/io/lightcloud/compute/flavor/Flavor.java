package io.lightcloud.compute.flavor;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A flavor: the size of a server, with extra specs that steer scheduling and the agent (such as the HA policy). */
public record Flavor(String id, String name, int vcpus, int memoryMb, int rootGb, int ephemeralGb, int swapMb,
        double rxtxFactor, boolean isPublic, boolean disabled, String description, Map<String, String> extraSpecs) {
    public Flavor {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        extraSpecs = Map.copyOf(extraSpecs);
    }

    public Flavor withExtraSpecs(Map<String, String> specs) {
        return new Flavor(id, name, vcpus, memoryMb, rootGb, ephemeralGb, swapMb, rxtxFactor, isPublic, disabled,
                description, specs);
    }

    public Flavor withDescription(String text) {
        return new Flavor(id, name, vcpus, memoryMb, rootGb, ephemeralGb, swapMb, rxtxFactor, isPublic, disabled,
                text, extraSpecs);
    }
}
