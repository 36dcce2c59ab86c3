package io.lightcloud.compute.instance;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * The SQL-side filters of a server list; null means "any". A non-null {@code changesSince} also returns deleted
 * servers, as Nova does. An empty {@code vmStates} matches nothing.
 */
public record InstanceQuery(String projectId, String userId, OffsetDateTime changesSince,
        OffsetDateTime changesBefore, String hostId, String imageId, String flavorId, String availabilityZone,
        String reservationId, Set<String> vmStates, Boolean locked, List<String> allTags, List<String> anyTags,
        List<String> notTags, List<String> notAnyTags) {
    public InstanceQuery {
        vmStates = vmStates == null ? null : Set.copyOf(vmStates);
        allTags = List.copyOf(allTags);
        anyTags = List.copyOf(anyTags);
        notTags = List.copyOf(notTags);
        notAnyTags = List.copyOf(notAnyTags);
    }
}
