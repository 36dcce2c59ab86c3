package io.lightcloud.loadtest.safety;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An address range in CIDR notation (IPv4 or IPv6); a bare address is a range of one. */
record Cidr(byte[] network, int prefix) {
    static Optional<Cidr> parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (!(address.contains(":") || address.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(bytes, prefix));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
