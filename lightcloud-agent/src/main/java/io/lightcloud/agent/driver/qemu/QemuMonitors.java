package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.ObjectMapper;

/** The open QMP connection of each instance, opened on first use and again after QEMU restarted. */
final class QemuMonitors {
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final Map<String, QmpClient> monitors = new ConcurrentHashMap<>();
    /** Per instance, never removed: a few bytes per instance this agent ever handled. */
    private final Map<String, Object> openLocks = new ConcurrentHashMap<>();

    QemuMonitors(ObjectMapper mapper, Duration timeout) {
        this.mapper = requireNonNull(mapper, "mapper");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    QmpClient monitor(InstanceLayout layout) {
        String id = layout.instanceId();
        QmpClient existing = monitors.get(id);
        if (existing != null && existing.isOpen()) {
            return existing;
        }
        // Not the operation lock: a status query must not wait for a long operation (a soft reboot) to finish.
        synchronized (openLocks.computeIfAbsent(id, key -> new Object())) {
            existing = monitors.get(id);
            if (existing != null && existing.isOpen()) {
                return existing;
            }
            QmpClient client = QmpClient.connect(layout.qmpSocket(), id, mapper, timeout);
            monitors.put(id, client);
            return client;
        }
    }

    /** QMP {@code query-status}: the guest's run state ({@code running}, {@code paused}, ...). */
    String runState(QmpClient qmp) {
        return qmp.execute("query-status", null, timeout).path("status").asString();
    }

    void close(String instanceId) {
        QmpClient client = monitors.remove(instanceId);
        if (client != null) {
            client.close();
        }
    }

    void closeAll() {
        monitors.keySet().forEach(this::close);
    }
}
