package io.lightcloud.compute.scheduler;

import java.util.Map;
import java.util.Set;

/** The metadata of the aggregates a host is in, key to the values its aggregates give it. */
@FunctionalInterface
public interface HostAggregates {
    Map<String, Set<String>> metadata(String hostId);
}
