package io.lightcloud.network.api;

import io.lightcloud.common.api.Fault;
import io.lightcloud.common.api.FaultFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Neutron's faults, {@code {"NeutronError": {"type": "NetworkNotFound", "message": "...", "detail": ""}}}. Faults
 * without a type of their own get the name of the webob exception Neutron would raise for the status.
 */
public final class NeutronFaultFormat implements FaultFormat {
    private static final Map<Integer, String> TYPES = Map.of(
            400, "HTTPBadRequest",
            401, "HTTPUnauthorized",
            403, "HTTPForbidden",
            404, "HTTPNotFound",
            405, "HTTPMethodNotAllowed",
            406, "HTTPNotAcceptable",
            409, "HTTPConflict",
            413, "HTTPRequestEntityTooLarge",
            415, "HTTPUnsupportedMediaType");

    @Override
    public String pathPrefix() {
        return "/network";
    }

    @Override
    public Map<String, Object> body(Fault fault) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", fault.type() != null ? fault.type() : TYPES.getOrDefault(fault.status(), "HTTPInternalServerError"));
        error.put("message", fault.message());
        error.put("detail", "");
        return Map.of("NeutronError", error);
    }
}
