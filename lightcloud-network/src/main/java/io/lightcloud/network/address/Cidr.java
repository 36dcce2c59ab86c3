package io.lightcloud.network.address;

import io.lightcloud.network.api.NeutronFaults;

/** An IPv4 prefix such as {@code 10.0.0.0/24}. */
public record Cidr(long network, int prefixLength) {
    public Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
    }

    /**
     * Parses a prefix; host bits must be zero, as Neutron asks.
     *
     * @throws io.lightcloud.common.api.ApiException 400 for anything else
     */
    public static Cidr parse(String text, String field) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("\\d{1,2}") || !Ipv4.isValid(text.substring(0, slash))) {
            throw NeutronFaults.invalidInput("'" + text + "' is not a valid IPv4 CIDR for " + field + ".");
        }
        int length = Integer.parseInt(text.substring(slash + 1));
        if (length > 32) {
            throw NeutronFaults.invalidInput("'" + text + "' is not a valid IPv4 CIDR for " + field + ".");
        }
        long address = Ipv4.parse(text.substring(0, slash), field);
        Cidr cidr = new Cidr(address & mask(length), length);
        if (cidr.network() != address) {
            throw NeutronFaults.invalidInput("'" + text + "' isn't a recommended CIDR, '" + cidr + "' is recommended.");
        }
        return cidr;
    }

    /** Like {@link #parse} but allowing host bits, for address pairs and routes given as an address. */
    public static Cidr parseLenient(String text, String field) {
        if (text != null && !text.contains("/")) {
            return new Cidr(Ipv4.parse(text, field), 32);
        }
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("\\d{1,2}") || !Ipv4.isValid(text.substring(0, slash))
                || Integer.parseInt(text.substring(slash + 1)) > 32) {
            throw NeutronFaults.invalidInput("'" + text + "' is not a valid IPv4 CIDR for " + field + ".");
        }
        int length = Integer.parseInt(text.substring(slash + 1));
        return new Cidr(Ipv4.parse(text.substring(0, slash), field) & mask(length), length);
    }

    public long first() {
        return network;
    }

    public long last() {
        return network | (~mask(prefixLength) & 0xFFFFFFFFL);
    }

    public long size() {
        return last() - first() + 1;
    }

    public boolean contains(long address) {
        return address >= first() && address <= last();
    }

    public boolean overlaps(Cidr other) {
        return first() <= other.last() && other.first() <= last();
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefixLength;
    }

    private static long mask(int length) {
        return length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
    }
}
