package io.lightcloud.compute.api;

import io.lightcloud.common.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;

/**
 * From microversion 2.75 Nova's list query schemas allow no additional properties, so a parameter the list does not
 * know (a {@code sort_key} where there is no sorting, a misspelt filter) is a 400 rather than silently ignored.
 */
public final class NovaQueryParameters {
    private NovaQueryParameters() {
    }

    public static void refuseUnknown(HttpServletRequest request, Set<String> known) {
        if (!ComputeApiVersion.atLeast(request, 2, 75)) {
            return;
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            if (!known.contains(name)) {
                String value = parameter.getValue().length == 0 ? "" : parameter.getValue()[0];
                throw ApiException.badRequest("Invalid input for query parameters " + name + ". Value: " + value
                        + ". Additional properties are not allowed ('" + name + "' was unexpected)");
            }
        }
    }
}
