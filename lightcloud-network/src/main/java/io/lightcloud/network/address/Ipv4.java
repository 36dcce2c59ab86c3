package io.lightcloud.network.address;

import io.lightcloud.network.api.NeutronFaults;

/** IPv4 addresses as unsigned 32-bit numbers, for range arithmetic. */
public final class Ipv4 {
    private Ipv4() {
    }

    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
                return false;
            }
        }
        return true;
    }

    /** @throws io.lightcloud.common.api.ApiException 400 naming {@code field} when {@code text} is no IPv4 address */
    public static long parse(String text, String field) {
        if (!isValid(text)) {
            throw NeutronFaults.invalidInput("'" + text + "' is not a valid IP address for " + field + ".");
        }
        long value = 0;
        for (String part : text.split("\\.")) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    public static String format(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }
}
