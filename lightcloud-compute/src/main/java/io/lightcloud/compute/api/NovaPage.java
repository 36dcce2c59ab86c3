package io.lightcloud.compute.api;

import io.lightcloud.common.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Nova's {@code limit} and {@code marker}: a missing, zero or too large limit means the maximum page of 1000, a
 * negative or non-integer one is a 400. A page as long as its limit gets a {@code next} link.
 */
public record NovaPage(int limit, String marker) {
    public static final int MAX_LIMIT = 1000;

    public static NovaPage of(HttpServletRequest request) {
        String text = request.getParameter("limit");
        int limit = MAX_LIMIT;
        if (text != null) {
            try {
                int requested = Integer.parseInt(text);
                if (requested < 0) {
                    throw ApiException.badRequest("limit must be >= 0");
                }
                limit = requested == 0 ? MAX_LIMIT : Math.min(requested, MAX_LIMIT);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit param must be an integer");
            }
        }
        String marker = request.getParameter("marker");
        return new NovaPage(limit, marker == null || marker.isEmpty() ? null : marker);
    }

    public boolean full(int size) {
        return size > 0 && size == limit;
    }
}
