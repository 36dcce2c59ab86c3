package io.lightcloud.common.microversion;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Enumeration;
import java.util.Locale;

/**
 * Negotiates a service's microversion from {@code OpenStack-API-Version: <service> <version>} or the service's
 * legacy header (Nova's {@code X-OpenStack-Nova-API-Version}); a missing header means the minimum, {@code latest}
 * the maximum, and a version outside the range is refused with 406, as the OpenStack microversion spec requires.
 */
public final class MicroversionNegotiator {
    public static final String HEADER = "OpenStack-API-Version";

    private final String serviceType;
    private final String legacyHeader;
    private final ApiVersion min;
    private final ApiVersion max;

    public MicroversionNegotiator(String serviceType, String legacyHeader, ApiVersion min, ApiVersion max) {
        this.serviceType = requireNonNull(serviceType, "serviceType is null");
        this.legacyHeader = legacyHeader;
        this.min = requireNonNull(min, "min is null");
        this.max = requireNonNull(max, "max is null");
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min above max");
        }
    }

    public ApiVersion min() {
        return min;
    }

    public ApiVersion max() {
        return max;
    }

    public ApiVersion negotiate(HttpServletRequest request) {
        String requested = fromStandardHeader(request);
        if (requested == null && legacyHeader != null) {
            requested = request.getHeader(legacyHeader);
        }
        if (requested == null || requested.isBlank()) {
            return min;
        }
        if (requested.trim().equalsIgnoreCase("latest")) {
            return max;
        }
        ApiVersion version = ApiVersion.parse(requested);
        if (version.compareTo(min) < 0 || version.compareTo(max) > 0) {
            throw new ApiException(406, "Version " + version + " is not supported by the API. Minimum is " + min
                    + " and maximum is " + max + ".");
        }
        return version;
    }

    /** The response headers that tell the client which version answered. */
    public void describe(ApiVersion version, HttpServletResponse response) {
        response.setHeader(HEADER, serviceType + " " + version);
        response.addHeader("Vary", HEADER);
        if (legacyHeader != null) {
            response.setHeader(legacyHeader, version.toString());
            response.addHeader("Vary", legacyHeader);
        }
    }

    private String fromStandardHeader(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders(HEADER);
        while (values != null && values.hasMoreElements()) {
            for (String entry : values.nextElement().split(",")) {
                String[] parts = entry.trim().split("\\s+", 2);
                if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals(serviceType)) {
                    return parts[1];
                }
            }
        }
        return null;
    }
}
