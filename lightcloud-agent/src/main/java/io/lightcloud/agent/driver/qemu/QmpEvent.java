package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import tools.jackson.databind.JsonNode;

/** An asynchronous QMP event such as {@code DEVICE_DELETED}, {@code SHUTDOWN} or {@code POWERDOWN}. */
public record QmpEvent(String event, JsonNode data) {
    public QmpEvent {
        requireNonNull(event, "event");
        requireNonNull(data, "data");
    }

    /** A string member of the event's data, or null. */
    public String dataString(String field) {
        JsonNode value = data.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
