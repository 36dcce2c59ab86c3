package io.lightcloud.compute.instance;

import java.time.OffsetDateTime;
import java.util.List;

/** One entry of a server's action log ({@code os-instance-actions}) with its events. */
public record InstanceAction(long id, String instanceId, String action, String requestId, String userId,
        String projectId, String message, OffsetDateTime startTime, OffsetDateTime finishTime,
        OffsetDateTime updatedAt, List<Event> events) {

    public record Event(String event, String host, String result, String details, String traceback,
            OffsetDateTime startTime, OffsetDateTime finishTime) {
    }

    public InstanceAction {
        events = List.copyOf(events);
    }
}
