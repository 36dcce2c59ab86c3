package io.lightcloud.loadgen.engine;

import java.util.List;

/** A response as the engine needs it: status, the body only when an extractor or assertion reads it, cookies, size. */
record HttpResult(int status, String body, List<String> setCookies, long bytesReceived, boolean keepAlive) {
}
