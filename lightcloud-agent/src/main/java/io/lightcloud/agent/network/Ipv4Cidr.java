package io.lightcloud.agent.network;

/** An IPv4 prefix such as {@code 10.0.0.0/24} (a bare address is a /32). */
public record Ipv4Cidr(int address, int prefixLength) {
    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("bad IPv4 prefix length " + prefixLength);
        }
    }

    public static boolean isIpv4(String text) {
        return text != null && !text.contains(":");
    }

    public static Ipv4Cidr parse(String text) {
        String[] parts = text.strip().split("/", 2);
        int length = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int address = 0;
        for (String octet : octets) {
            int value = Integer.parseInt(octet);
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            address = address << 8 | value;
        }
        return new Ipv4Cidr(address, length);
    }

    public int mask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public Ipv4Cidr network() {
        return new Ipv4Cidr(address & mask(), prefixLength);
    }

    public boolean contains(Ipv4Cidr other) {
        return other.prefixLength >= prefixLength && (other.address & mask()) == (address & mask());
    }

    public String addressText() {
        return format(address);
    }

    public String netmaskText() {
        return format(mask());
    }

    /** {@code a.b.c.d/n}, or the bare address for a /32. */
    @Override
    public String toString() {
        return prefixLength == 32 ? addressText() : addressText() + "/" + prefixLength;
    }

    private static String format(int value) {
        return (value >>> 24) + "." + (value >>> 16 & 255) + "." + (value >>> 8 & 255) + "." + (value & 255);
    }
}
