package io.lightcloud.compute.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.microversion.ApiVersion;
import io.lightcloud.common.microversion.MicroversionNegotiator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Negotiates the Nova microversion of every request under {@code /compute/v2.1} before its handler runs, answers
 * with the version headers, and keeps the version on the request for the handler and the views.
 */
public final class ComputeApiVersion implements HandlerInterceptor {
    public static final ApiVersion MIN = new ApiVersion(2, 1);
    public static final ApiVersion MAX = new ApiVersion(2, 90);
    private static final String ATTRIBUTE = ComputeApiVersion.class.getName();

    private final MicroversionNegotiator negotiator;

    public ComputeApiVersion(MicroversionNegotiator negotiator) {
        this.negotiator = requireNonNull(negotiator, "negotiator is null");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        ApiVersion version = negotiator.negotiate(request);
        negotiator.describe(version, response);
        request.setAttribute(ATTRIBUTE, version);
        return true;
    }

    /** The negotiated version; the minimum when the request did not pass the interceptor. */
    public static ApiVersion of(HttpServletRequest request) {
        ApiVersion version = (ApiVersion) request.getAttribute(ATTRIBUTE);
        return version == null ? MIN : version;
    }

    public static boolean atLeast(HttpServletRequest request, int major, int minor) {
        return of(request).atLeast(major, minor);
    }
}
