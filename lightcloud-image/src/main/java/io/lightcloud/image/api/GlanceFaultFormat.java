package io.lightcloud.image.api;

import io.lightcloud.common.api.Fault;
import io.lightcloud.common.api.FaultFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glance's faults carry webob's fields ({@code message}, {@code code} such as {@code "404 Not Found"}, {@code title}).
 * They are nested under {@code error} because glanceclient reads the {@code message} of every top-level value as an
 * object, and openstacksdk finds it there too; a flat body would crash glanceclient's error handling.
 */
public class GlanceFaultFormat implements FaultFormat {
    @Override
    public String pathPrefix() {
        return "/image";
    }

    @Override
    public Map<String, Object> body(Fault fault) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", fault.message());
        error.put("code", fault.status() + " " + fault.reasonPhrase());
        error.put("title", fault.reasonPhrase());
        return Map.of("error", error);
    }

    @Override
    public Map<String, String> headers(Fault fault, String baseUrl) {
        return fault.status() == 401
                ? Map.of("WWW-Authenticate", "Keystone uri=\"" + baseUrl + "/identity\"")
                : Map.of();
    }
}
