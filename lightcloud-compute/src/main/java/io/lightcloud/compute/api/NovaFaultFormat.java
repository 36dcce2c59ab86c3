package io.lightcloud.compute.api;

import io.lightcloud.common.api.Fault;
import io.lightcloud.common.api.FaultFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nova's fault bodies, {@code {"itemNotFound": {"code": 404, "message": "..."}}}, named by status as Nova's WSGI
 * layer names them; anything unnamed is a {@code computeFault}.
 */
public final class NovaFaultFormat implements FaultFormat {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(400, "badRequest"),
            Map.entry(401, "unauthorized"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "itemNotFound"),
            Map.entry(405, "badMethod"),
            Map.entry(409, "conflictingRequest"),
            Map.entry(413, "overLimit"),
            Map.entry(415, "badMediaType"),
            Map.entry(429, "overLimit"),
            Map.entry(501, "notImplemented"),
            Map.entry(503, "serviceUnavailable"));

    @Override
    public String pathPrefix() {
        return "/compute";
    }

    @Override
    public Map<String, Object> body(Fault fault) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", fault.status());
        inner.put("message", fault.message());
        return Map.of(NAMES.getOrDefault(fault.status(), "computeFault"), inner);
    }
}
