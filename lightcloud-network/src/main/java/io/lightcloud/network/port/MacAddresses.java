package io.lightcloud.network.port;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/** MAC addresses of ports: Neutron's {@code fa:16:3e} prefix with three random bytes. */
public final class MacAddresses {
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private MacAddresses() {
    }

    public static String random() {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return String.format("fa:16:3e:%02x:%02x:%02x", bytes[0] & 0xff, bytes[1] & 0xff, bytes[2] & 0xff);
    }

    /** The canonical lower-case form, or null when {@code text} is no unicast MAC address. */
    public static String canonical(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('-', ':');
        if (!MAC.matcher(lower).matches() || (Integer.parseInt(lower.substring(0, 2), 16) & 1) == 1
                || lower.equals("00:00:00:00:00:00")) {
            return null;
        }
        return lower;
    }
}
