package io.lightcloud.monitoring.channel;

import io.lightcloud.common.api.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posting JSON to chat robots, which answer HTTP 200 with an {@code errcode} in the body: 0 is success, throttling
 * and "busy" codes are retried, other codes are permanent. 5xx and 429 answers and connection failures are retried.
 */
final class RobotHttp {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RobotHttp() {
    }

    static void post(String url, Object body, Set<Integer> retryableCodes, Map<String, String> headers)
            throws DeliveryException {
        String answer = send(url, JSON.writeValueAsString(body), headers);
        JsonNode reply;
        try {
            reply = JSON.readTree(answer);
        } catch (RuntimeException e) {
            throw new DeliveryException("the robot answered something other than JSON: " + abbreviate(answer), false);
        }
        int code = reply.path("errcode").asInt(0);
        if (code != 0) {
            throw new DeliveryException("errcode " + code + ": " + reply.path("errmsg").asString(""),
                    retryableCodes.contains(code));
        }
    }

    /** Posts a JSON body; returns the 2xx answer's body. */
    static String send(String url, String body, Map<String, String> headers) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            if (status >= 200 && status < 300) {
                return answer.body();
            }
            throw new DeliveryException("HTTP " + status + ": " + abbreviate(answer.body()),
                    status >= 500 || status == 429);
        } catch (IOException e) {
            throw new DeliveryException(e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted", false);
        }
    }

    static String requiredUrl(JsonNode config, String field) {
        JsonNode value = config.path(field);
        if (!value.isString() || !(value.stringValue().startsWith("http://")
                || value.stringValue().startsWith("https://"))) {
            throw ApiException.badRequest("Invalid input for field 'channel.config." + field
                    + "': an http:// or https:// URL is required.");
        }
        try {
            URI.create(value.stringValue());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid input for field 'channel.config." + field + "': not a URL.");
        }
        return value.stringValue();
    }

    static String optionalString(JsonNode config, String field) {
        JsonNode value = config.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiException.badRequest("Invalid input for field 'channel.config." + field + "': a string is "
                    + "expected.");
        }
        return value.stringValue();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
