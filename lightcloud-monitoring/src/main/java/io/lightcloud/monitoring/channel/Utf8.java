package io.lightcloud.monitoring.channel;

import java.nio.charset.StandardCharsets;

/** Cutting text to a byte budget without splitting a character, marking the cut. */
final class Utf8 {
    private Utf8() {
    }

    static String truncate(String text, int maxBytes, String marker) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int budget = maxBytes - marker.getBytes(StandardCharsets.UTF_8).length;
        int end = 0;
        int used = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            used += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end) + marker;
    }
}
