package io.lightcloud.network.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.store.NetworkTransactions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Neutron's create requests, single ({@code {"network": {...}}}) or bulk ({@code {"networks": [...]}}). A bulk
 * create is all or nothing, as Neutron's: every resource is made in one transaction, so one refusal (a bad
 * attribute, the quota, an address in use) leaves none of them behind.
 */
public final class BulkCreate<T> {
    private final NetworkTransactions transactions;
    private final String singular;
    private final String plural;

    public BulkCreate(NetworkTransactions transactions, String singular, String plural) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.singular = requireNonNull(singular, "singular is null");
        this.plural = requireNonNull(plural, "plural is null");
    }

    /** Creates what the body asks for with {@code create} and answers 201 with {@code view} of each. */
    public ResponseEntity<Map<String, Object>> answer(AuthContext caller, JsonNode body,
            BiFunction<AuthContext, JsonFields, T> create, BiFunction<AuthContext, T, Map<String, Object>> view) {
        if (body == null || !body.isObject() || !body.has(plural) || body.has(singular)) {
            T created = create.apply(caller, JsonFields.of(body, singular));
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of(singular, view.apply(caller, created)));
        }
        if (body.size() != 1) {
            throw NeutronFaults.badRequest("Unrecognized attribute(s) in a bulk request: only '" + plural
                    + "' is expected.");
        }
        JsonNode items = body.get(plural);
        if (!items.isArray() || items.isEmpty()) {
            throw NeutronFaults.badRequest("Resources required");
        }
        List<T> created = transactions.run(() -> {
            List<T> made = new ArrayList<>();
            for (JsonNode item : items) {
                made.add(create.apply(caller, JsonFields.ofObject(item, singular)));
            }
            return made;
        });
        List<Map<String, Object>> views = new ArrayList<>();
        for (T resource : created) {
            views.add(view.apply(caller, resource));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(plural, views);
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }
}
