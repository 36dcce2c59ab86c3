package io.lightcloud.common.catalog;

import io.lightcloud.common.api.BaseUrl;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The URL clients use to reach the cloud, for the service catalog and links. Configured with
 * {@code lightcloud.external-url} behind a load balancer; otherwise taken from each request, so a server on a
 * random test port still hands out working links.
 */
public final class ExternalUrl {
    private final String configured;

    public ExternalUrl(String configured) {
        this.configured = configured == null || configured.isBlank() ? null : stripSlash(configured.trim());
    }

    public String resolve(HttpServletRequest request) {
        return configured != null ? configured : BaseUrl.of(request);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
