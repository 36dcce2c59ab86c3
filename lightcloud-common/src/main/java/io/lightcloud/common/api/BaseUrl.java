package io.lightcloud.common.api;

import jakarta.servlet.http.HttpServletRequest;

/** The scheme, host and port the client used to reach this server, for links in responses. */
public final class BaseUrl {
    private BaseUrl() {
    }

    public static String of(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }
}
