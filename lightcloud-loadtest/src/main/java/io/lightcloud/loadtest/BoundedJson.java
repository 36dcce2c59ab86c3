package io.lightcloud.loadtest;

import io.lightcloud.common.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads a JSON request body of an endpoint exempt from the API-wide limit, under its own limit (413 above). */
public final class BoundedJson {
    private BoundedJson() {
    }

    public static JsonNode read(HttpServletRequest request, long limit, ObjectMapper mapper) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw ApiException.payloadTooLarge("The request body is larger than " + limit + " bytes.");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw ApiException.payloadTooLarge("The request body is larger than " + limit + " bytes.");
            }
            if (body.length == 0) {
                throw ApiException.badRequest("The request body is missing.");
            }
            return mapper.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
