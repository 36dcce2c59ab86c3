package io.lightcloud.common.api;

import java.util.Map;

/**
 * How one service shapes its error bodies. OpenStack services disagree on the shape (Keystone's
 * {@code {"error": ...}}, Nova's and Cinder's {@code {"itemNotFound": ...}}, Neutron's {@code {"NeutronError": ...}}),
 * and clients parse the shape of the service they called, so each service registers its own format for its URL prefix.
 */
public interface FaultFormat {
    /** The URL prefix this format serves, such as {@code /identity}. */
    String pathPrefix();

    Map<String, Object> body(Fault fault);

    /** Extra headers that go with the fault, such as Keystone's {@code WWW-Authenticate} on 401. */
    default Map<String, String> headers(Fault fault, String baseUrl) {
        return Map.of();
    }
}
