package io.lightcloud.identity.api;

import io.lightcloud.common.api.Fault;
import io.lightcloud.common.api.GenericFaultFormat;
import java.util.Map;

/** Keystone's faults: {@code {"error": {"code", "title", "message"}}}, and a {@code WWW-Authenticate} hint on 401. */
public class IdentityFaultFormat extends GenericFaultFormat {
    public IdentityFaultFormat() {
        super("/identity");
    }

    @Override
    public Map<String, String> headers(Fault fault, String baseUrl) {
        return fault.status() == 401
                ? Map.of("WWW-Authenticate", "Keystone uri=\"" + baseUrl + "/identity\"")
                : Map.of();
    }
}
