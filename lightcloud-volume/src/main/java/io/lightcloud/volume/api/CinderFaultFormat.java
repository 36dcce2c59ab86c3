package io.lightcloud.volume.api;

import io.lightcloud.common.api.Fault;
import io.lightcloud.common.api.FaultFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cinder's faults, {@code {"itemNotFound": {"code": 404, "message": "..."}}}, named by status as Cinder's WSGI layer
 * names them. Quota faults (413) carry {@code retryAfter} and a {@code Retry-After} header, as Cinder's do.
 */
public final class CinderFaultFormat implements FaultFormat {
    private static final Map<Integer, String> NAMES = Map.of(
            400, "badRequest",
            401, "unauthorized",
            403, "forbidden",
            404, "itemNotFound",
            405, "badMethod",
            409, "conflictingRequest",
            413, "overLimit",
            415, "badMediaType",
            501, "notImplemented",
            503, "serviceUnavailable");

    @Override
    public String pathPrefix() {
        return "/volume";
    }

    @Override
    public Map<String, Object> body(Fault fault) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", fault.status());
        detail.put("message", fault.message());
        if (fault.status() == 413) {
            detail.put("retryAfter", "0");
        }
        return Map.of(NAMES.getOrDefault(fault.status(), "computeFault"), detail);
    }

    @Override
    public Map<String, String> headers(Fault fault, String baseUrl) {
        return fault.status() == 413 ? Map.of("Retry-After", "0") : Map.of();
    }
}
