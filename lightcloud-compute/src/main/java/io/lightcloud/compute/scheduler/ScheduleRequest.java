package io.lightcloud.compute.scheduler;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.placement.Resources;
import java.util.Map;
import java.util.Set;

/**
 * What to place: the consumer that will hold the allocation, the resources, and the constraints. A null
 * {@code availabilityZone} accepts any zone; {@code forcedHost} (admin only, Nova's {@code zone:host}) skips
 * every filter except resources; {@code excludedHosts} are the hosts where earlier build attempts failed;
 * {@code flavorExtraSpecs} are matched against the hosts' aggregates.
 */
public record ScheduleRequest(String consumerId, Resources resources, String availabilityZone, String forcedHost,
        Map<String, String> imageProperties, GroupConstraint group, Set<String> excludedHosts,
        Map<String, String> flavorExtraSpecs) {
    public ScheduleRequest {
        requireNonNull(consumerId, "consumerId is null");
        requireNonNull(resources, "resources is null");
        imageProperties = Map.copyOf(imageProperties);
        excludedHosts = Set.copyOf(excludedHosts);
        flavorExtraSpecs = Map.copyOf(flavorExtraSpecs);
    }

    public static ScheduleRequest simple(String consumerId, Resources resources) {
        return new ScheduleRequest(consumerId, resources, null, null, Map.of(), null, Set.of(), Map.of());
    }
}
