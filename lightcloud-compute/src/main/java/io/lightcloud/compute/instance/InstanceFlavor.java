package io.lightcloud.compute.instance;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.flavor.Flavor;
import io.lightcloud.compute.placement.Resources;
import java.util.Map;

/** The flavor a server was built with, copied onto the server so that deleting the flavor changes nothing. */
public record InstanceFlavor(String id, String name, int vcpus, int memoryMb, int rootGb, int ephemeralGb,
        int swapMb, Map<String, String> extraSpecs) {
    public InstanceFlavor {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
    }

    public static InstanceFlavor of(Flavor flavor) {
        return new InstanceFlavor(flavor.id(), flavor.name(), flavor.vcpus(), flavor.memoryMb(), flavor.rootGb(),
                flavor.ephemeralGb(), flavor.swapMb(), flavor.extraSpecs());
    }

    /** What the server takes from its host: a volume-backed server needs no local root disk. */
    public Resources resources(boolean volumeBacked) {
        long disk = (volumeBacked ? 0 : rootGb) + ephemeralGb + (swapMb + 1023L) / 1024;
        return new Resources(vcpus, memoryMb, disk);
    }
}
