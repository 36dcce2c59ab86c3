package io.lightcloud.agent.network;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Address prefixes of either family as nftables set elements, which must not overlap. */
final class IpPrefixes {
    private IpPrefixes() {
    }

    /** Drops duplicates and prefixes covered by another one; the widest prefixes come first. */
    static List<String> merge(List<String> prefixes) {
        List<Prefix> parsed = prefixes.stream().map(Prefix::parse).distinct()
                .sorted(Comparator.comparingInt(Prefix::length)).toList();
        List<Prefix> kept = new ArrayList<>();
        for (Prefix candidate : parsed) {
            if (kept.stream().noneMatch(k -> k.contains(candidate))) {
                kept.add(candidate);
            }
        }
        return kept.stream().map(Prefix::text).toList();
    }

    /** Whether the text is an address or prefix of the same family as the ethertype ({@code IPv4}/{@code IPv6}). */
    static boolean matchesEthertype(String prefix, String ethertype) {
        return Ipv4Cidr.isIpv4(prefix) != ethertype.equalsIgnoreCase("IPv6");
    }

    private record Prefix(int bits, BigInteger network, int length) {
        static Prefix parse(String text) {
            String[] parts = text.strip().split("/", 2);
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            try {
                byte[] bytes = InetAddress.getByName(parts[0]).getAddress();
                int bits = bytes.length * 8;
                int length = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
                if (length < 0 || length > bits) {
                    throw new IllegalArgumentException("bad prefix length in " + text);
                }
                return new Prefix(bits, new BigInteger(1, bytes).and(mask(bits, length)), length);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + text, e);
            }
        }

        boolean contains(Prefix other) {
            return bits == other.bits && other.length >= length && other.network.and(mask(bits, length))
                    .equals(network);
        }

        String text() {
            byte[] raw = network.toByteArray();
            byte[] bytes = new byte[bits / 8];
            int copy = Math.min(raw.length, bytes.length);
            System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
            try {
                String address = InetAddress.getByAddress(bytes).getHostAddress();
                return length == bits ? address : address + "/" + length;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        private static BigInteger mask(int bits, int length) {
            return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE));
        }
    }
}
