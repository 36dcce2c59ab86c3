package io.lightcloud.common.policy;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides whether a caller may perform an API action. Rules come from every service's
 * {@link PolicyDefaults}; an operator's policy file overrides any of them by name. An action nobody defined is
 * denied, so a forgotten rule fails closed.
 */
public final class PolicyEnforcer implements PolicyRule.RuleResolver {
    private static final Logger log = LoggerFactory.getLogger(PolicyEnforcer.class);

    private final Map<String, PolicyRule> rules;

    public PolicyEnforcer(List<PolicyDefaults> defaults, Map<String, String> overrides) {
        Map<String, String> sources = new HashMap<>();
        for (PolicyDefaults service : defaults) {
            service.rules().forEach((name, rule) -> {
                if (sources.putIfAbsent(name, rule) != null) {
                    throw new IllegalStateException("Policy rule '" + name + "' is defined twice");
                }
            });
        }
        requireNonNull(overrides, "overrides is null").forEach((name, rule) -> {
            log.info("Policy rule {} overridden by the operator: \"{}\"", name, rule);
            sources.put(name, rule);
        });
        Map<String, PolicyRule> parsed = new HashMap<>();
        sources.forEach((name, rule) -> parsed.put(name, PolicyParser.parse(rule)));
        this.rules = Map.copyOf(parsed);
    }

    @Override
    public PolicyRule rule(String name) {
        return rules.get(name);
    }

    public boolean allows(String action, AuthContext caller, Map<String, ?> target) {
        PolicyRule rule = rules.get(action);
        return rule != null && rule.allows(caller, target, this);
    }

    /** @throws ApiException 403 when the caller may not perform {@code action} on {@code target} */
    public void enforce(String action, AuthContext caller, Map<String, ?> target) {
        if (!allows(action, caller, target)) {
            throw ApiException.forbidden("You are not authorized to perform the requested action: " + action + ".");
        }
    }

    public void enforce(String action, AuthContext caller) {
        enforce(action, caller, Map.of());
    }
}
