package io.lightcloud.compute.showback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The price list in the database: replaced as a whole, so a reader never sees half of an update. */
@Repository
public class PriceListRepository {
    private static final int SINGLETON = 1;

    private final JdbcClient jdbc;

    public PriceListRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public PriceList read() {
        List<Price> prices = jdbc.sql("SELECT kind, subject, unit_price FROM compute_usage_price "
                + "ORDER BY kind, subject")
                .query((rs, n) -> new Price(PriceKind.ofCode(rs.getString("kind")), rs.getString("subject"),
                        rs.getBigDecimal("unit_price").stripTrailingZeros()))
                .list();
        return jdbc.sql("SELECT currency, updated_at FROM compute_usage_price_list WHERE id = ?").param(SINGLETON)
                .query((rs, n) -> new PriceList(rs.getString("currency"), prices,
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .single();
    }

    /** Replaces the list; the caller runs it in a transaction. */
    public void replace(String currency, List<Price> prices, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        // Updating the list's row first locks it, so concurrent replacements run one after the other.
        jdbc.sql("UPDATE compute_usage_price_list SET currency = ?, updated_at = ? WHERE id = ?")
                .params(currency, at, SINGLETON).update();
        jdbc.sql("DELETE FROM compute_usage_price").update();
        for (Price price : prices) {
            jdbc.sql("INSERT INTO compute_usage_price (kind, subject, unit_price, updated_at) VALUES (?, ?, ?, ?)")
                    .params(price.kind().code(), price.subject(), price.unitPrice(), at).update();
        }
    }
}
