package io.lightcloud.loadgen.engine;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes, parsed from its URL: parsed once per step when the URL has no references, per request when
 * it has.
 *
 * @param key {@code host:port}, lower case, as the controller lists allowed targets
 */
record RequestTarget(String host, int port, String key, String hostHeader, String pathAndQuery) {
    /** @throws IllegalArgumentException when {@code url} is not a valid http URL */
    static RequestTarget parse(String url) {
        URI uri = URI.create(url);
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        return new RequestTarget(host, port, (host + ":" + port).toLowerCase(Locale.ROOT),
                uri.getPort() > 0 ? host + ":" + uri.getPort() : host, path);
    }
}
