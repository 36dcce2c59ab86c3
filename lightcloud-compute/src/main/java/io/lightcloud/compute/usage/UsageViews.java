package io.lightcloud.compute.usage;

import io.lightcloud.compute.api.NovaTimes;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nova's view of one server's usage ({@code server_usages}). */
final class UsageViews {
    private UsageViews() {
    }

    static Map<String, Object> server(ServerUsage server) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("instance_id", server.instanceId());
        view.put("name", server.name());
        view.put("hours", server.hours());
        view.put("memory_mb", server.memoryMb());
        view.put("local_gb", server.localGb());
        view.put("vcpus", server.vcpus());
        view.put("tenant_id", server.projectId());
        view.put("flavor", server.flavorName());
        view.put("started_at", NovaTimes.micros(server.startedAt()));
        view.put("ended_at", NovaTimes.micros(server.endedAt()));
        view.put("state", server.state());
        view.put("uptime", server.uptimeSeconds());
        return view;
    }

    static Object plus(Object a, Object b) {
        return ((Double) a) + ((Double) b);
    }
}
