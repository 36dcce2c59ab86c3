package io.lightcloud.compute.showback;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/** One priced item: {@code unitPrice} in the list's currency per unit of {@code kind}, for {@code subject}. */
public record Price(PriceKind kind, String subject, BigDecimal unitPrice) {
    public Price {
        requireNonNull(kind, "kind is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(unitPrice, "unitPrice is null");
    }
}
