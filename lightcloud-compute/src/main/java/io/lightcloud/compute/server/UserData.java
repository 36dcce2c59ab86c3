package io.lightcloud.compute.server;

import io.lightcloud.common.api.ApiException;
import java.util.regex.Pattern;

/**
 * Nova's {@code base64} format of {@code user_data}: padded base64, possibly broken into lines. Java's decoders accept
 * missing padding (and the MIME one skips any character), so plain text such as {@code hello world} would pass them
 * and reach the guest garbled; Nova refuses it with 400.
 */
final class UserData {
    private static final Pattern WHITESPACE = Pattern.compile("[ \t\r\n]");
    private static final Pattern PADDED_BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    private UserData() {
    }

    static void check(String userData, String field) {
        String compact = WHITESPACE.matcher(userData).replaceAll("");
        if (compact.length() % 4 != 0 || !PADDED_BASE64.matcher(compact).matches()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': it is not valid base64.");
        }
    }
}
