package io.lightcloud.dashboard.web;

import org.springframework.http.HttpHeaders;

/**
 * The headers of the dashboard's pages (the console page is one of them). The built app loads only its own scripts;
 * Element Plus and noVNC set inline styles and data-URL images; the console's WebSocket goes to this origin, which
 * {@code connect-src 'self'} covers. The console may be framed by the dashboard itself, never by another site.
 * API answers do not get these: they are JSON for programs, not documents.
 */
public final class PageSecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'");

    private PageSecurityHeaders() {
    }

    /** For HTML documents. */
    public static HttpHeaders page() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "SAMEORIGIN");
        headers.set("X-Content-Type-Options", "nosniff");
        // The console page's URL carries its one-time token; no other site needs to see any dashboard URL.
        headers.set("Referrer-Policy", "no-referrer");
        return headers;
    }
}
