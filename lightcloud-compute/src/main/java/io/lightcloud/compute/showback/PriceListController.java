package io.lightcloud.compute.showback;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.store.Transactions;
import io.lightcloud.compute.usage.UsageClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The showback price list: everyone may read it (members see what their usage costs), the admin replaces it as a
 * whole. A request with any invalid price changes nothing.
 */
@RestController
@RequestMapping("/lightcloud/v1/price-list")
public class PriceListController {
    private static final Logger log = LoggerFactory.getLogger(PriceListController.class);
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");
    private static final int MAX_PRICES = 10_000;

    private final PriceListRepository prices;
    private final PolicyEnforcer policy;
    private final Transactions transactions;
    private final UsageClock clock;

    public PriceListController(PriceListRepository prices, PolicyEnforcer policy, Transactions transactions,
            UsageClock clock) {
        this.prices = requireNonNull(prices, "prices is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @GetMapping
    public Map<String, Object> show(AuthContext caller) {
        policy.enforce("lightcloud:price_list:show", caller);
        return Map.of("price_list", view(prices.read()));
    }

    @PutMapping
    public Map<String, Object> replace(AuthContext caller, @RequestBody(required = false) JsonNode body) {
        policy.enforce("lightcloud:price_list:update", caller);
        JsonFields in = JsonFields.of(body, "price_list").allowOnly(Set.of("currency", "prices"));
        String currency = in.requiredString("currency", 3);
        if (!CURRENCY.matcher(currency).matches()) {
            throw ApiException.badRequest("Invalid input for field 'price_list.currency': '" + currency
                    + "' is not an ISO 4217 code such as CNY or USD.");
        }
        if (!in.has("prices")) {
            throw ApiException.badRequest("'price_list.prices' is a required property.");
        }
        List<JsonFields> items = in.objectList("prices");
        if (items.size() > MAX_PRICES) {
            throw ApiException.badRequest("At most " + MAX_PRICES + " prices are allowed.");
        }
        List<Price> parsed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Price price = price(items.get(i), "price_list.prices[" + i + "]");
            if (!seen.add(price.kind().code() + "/" + price.subject())) {
                throw ApiException.badRequest("Duplicate price for kind '" + price.kind().code() + "' and subject '"
                        + price.subject() + "'.");
            }
            parsed.add(price);
        }
        Instant now = clock.now();
        transactions.run(() -> prices.replace(currency, parsed, now));
        log.info("Price list replaced currency={} prices={} by_user={}", currency, parsed.size(), caller.userId());
        return Map.of("price_list", view(prices.read()));
    }

    private static Price price(JsonFields item, String path) {
        item.allowOnly(Set.of("kind", "subject", "unit_price"));
        String code = item.requiredString("kind", 32);
        PriceKind kind = PriceKind.ofCode(code);
        if (kind == null) {
            throw ApiException.badRequest("Invalid input for field '" + path + ".kind': '" + code + "' is not one of "
                    + List.of(PriceKind.values()).stream().map(PriceKind::code).toList() + ".");
        }
        String subject = item.string("subject", 255).orElse(PriceKind.ANY);
        if (subject.isBlank()) {
            throw ApiException.badRequest("Invalid input for field '" + path + ".subject': it must not be empty.");
        }
        if (kind == PriceKind.FLAVOR_HOUR && subject.equals(PriceKind.ANY)) {
            throw ApiException.badRequest("Invalid input for field '" + path + ".subject': a flavor_hour price "
                    + "needs a flavor id.");
        }
        if (!kind.hasSubject() && !subject.equals(PriceKind.ANY)) {
            throw ApiException.badRequest("Invalid input for field '" + path + ".subject': " + kind.code()
                    + " prices apply to every resource and take no subject.");
        }
        JsonNode value = item.raw().get("unit_price");
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("'" + path + ".unit_price' is a required property.");
        }
        if (!value.isNumber()) {
            throw ApiException.badRequest("Invalid input for field '" + path + ".unit_price': " + value
                    + " is not a number.");
        }
        BigDecimal unitPrice = value.decimalValue();
        if (unitPrice.signum() < 0 || unitPrice.compareTo(MAX_PRICE) > 0 || unitPrice.scale() > 6) {
            throw ApiException.badRequest("Invalid input for field '" + path + ".unit_price': " + value
                    + " must be between 0 and " + MAX_PRICE + " with at most 6 decimals.");
        }
        return new Price(kind, subject, unitPrice);
    }

    private static Map<String, Object> view(PriceList list) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("currency", list.currency());
        view.put("hours_per_month", PriceKind.HOURS_PER_MONTH);
        view.put("prices", list.prices().stream().map(p -> {
            Map<String, Object> price = new LinkedHashMap<>();
            price.put("kind", p.kind().code());
            price.put("subject", p.subject());
            price.put("unit_price", p.unitPrice());
            return price;
        }).toList());
        view.put("updated_at", list.updatedAt() == null ? null : list.updatedAt().toString());
        return view;
    }
}
