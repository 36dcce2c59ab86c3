package io.lightcloud.common.policy;

import io.lightcloud.common.auth.AuthContext;
import java.util.Map;

/** One parsed rule of the policy language; see {@link PolicyParser} for the grammar. */
public interface PolicyRule {
    boolean allows(AuthContext caller, Map<String, ?> target, RuleResolver rules);

    /** Finds named rules for {@code rule:NAME} references. */
    interface RuleResolver {
        PolicyRule rule(String name);
    }
}
