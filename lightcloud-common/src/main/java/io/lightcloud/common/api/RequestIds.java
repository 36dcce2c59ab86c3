package io.lightcloud.common.api;

import java.util.UUID;
import org.slf4j.MDC;

/** Request ids in OpenStack's form ({@code req-<uuid>}), carried in the logging context of the request's thread. */
public final class RequestIds {
    public static final String HEADER = "x-openstack-request-id";
    public static final String MDC_KEY = "request_id";

    private RequestIds() {
    }

    public static String newId() {
        return "req-" + UUID.randomUUID();
    }

    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id == null ? "none" : id;
    }
}
