package io.lightcloud.network.core;

import java.util.Locale;
import java.util.Map;

/** IP protocols by the names Neutron accepts, and their numbers. */
public final class Protocols {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("tcp", 6), Map.entry("egp", 8),
            Map.entry("udp", 17), Map.entry("ipv6-encap", 41), Map.entry("rsvp", 46), Map.entry("gre", 47),
            Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("icmpv6", 58), Map.entry("ipv6-icmp", 58),
            Map.entry("ipv6-nonxt", 59), Map.entry("ipv6-opts", 60), Map.entry("ospf", 89), Map.entry("pgm", 113),
            Map.entry("ipip", 4), Map.entry("vrrp", 112), Map.entry("sctp", 132), Map.entry("dccp", 33),
            Map.entry("udplite", 136), Map.entry("ipv6-frag", 44), Map.entry("ipv6-route", 43));

    private Protocols() {
    }

    /** Whether {@code protocol} is a known name or a number 0-255. */
    public static boolean isValid(String protocol) {
        if (NUMBERS.containsKey(protocol.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return protocol.matches("\\d{1,3}") && Integer.parseInt(protocol) <= 255;
    }

    /** The protocol's number as text, "any" for null. */
    public static String number(String protocol) {
        if (protocol == null || protocol.equalsIgnoreCase("any")) {
            return "any";
        }
        Integer number = NUMBERS.get(protocol.toLowerCase(Locale.ROOT));
        return number != null ? number.toString() : String.valueOf(Integer.parseInt(protocol));
    }

    /** Whether port ranges apply to the protocol (TCP, UDP, SCTP, DCCP, UDP-Lite). */
    public static boolean hasPorts(String protocol) {
        return switch (number(protocol)) {
            case "6", "17", "132", "33", "136" -> true;
            default -> false;
        };
    }

    public static boolean isIcmp(String protocol) {
        String number = number(protocol);
        return number.equals("1") || number.equals("58");
    }
}
