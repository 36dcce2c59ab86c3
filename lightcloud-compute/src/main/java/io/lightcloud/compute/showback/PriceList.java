package io.lightcloud.compute.showback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The admin's price list; a kind without a price costs nothing. */
public record PriceList(String currency, List<Price> prices, Instant updatedAt) {
    public PriceList {
        requireNonNull(currency, "currency is null");
        prices = List.copyOf(prices);
    }

    /** Unit prices by kind and subject, for rating. */
    public Rates rates() {
        Map<String, Double> byKey = new HashMap<>();
        for (Price price : prices) {
            byKey.put(key(price.kind(), price.subject()), price.unitPrice().doubleValue());
        }
        return new Rates(byKey);
    }

    private static String key(PriceKind kind, String subject) {
        return kind.code() + "\u0000" + subject;
    }

    /** Looks prices up; a subject falls back to the {@code *} price of its kind. */
    public record Rates(Map<String, Double> byKey) {
        public Double exact(PriceKind kind, String subject) {
            return byKey.get(key(kind, subject));
        }

        public double of(PriceKind kind, String subject) {
            Double found = byKey.get(key(kind, subject));
            if (found == null) {
                found = byKey.get(key(kind, PriceKind.ANY));
            }
            return found == null ? 0 : found;
        }

        public double of(PriceKind kind) {
            return of(kind, PriceKind.ANY);
        }
    }
}
