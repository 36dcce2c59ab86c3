package io.lightcloud.common.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keystone-shaped faults, also used for Lightcloud's own APIs and for paths no service claims. */
public class GenericFaultFormat implements FaultFormat {
    private final String pathPrefix;

    public GenericFaultFormat(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }

    @Override
    public String pathPrefix() {
        return pathPrefix;
    }

    @Override
    public Map<String, Object> body(Fault fault) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", fault.status());
        error.put("title", fault.reasonPhrase());
        error.put("message", fault.message());
        return Map.of("error", error);
    }
}
