package io.lightcloud.network.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The shared policy layer with Neutron's answers: a refused action is a 403 {@code PolicyNotAuthorized} naming the
 * rule, and whether a caller sees another project's resource at all is decided before (others get a 404).
 */
@Component
public class NeutronPolicy {
    private final PolicyEnforcer enforcer;

    public NeutronPolicy(PolicyEnforcer enforcer) {
        this.enforcer = requireNonNull(enforcer, "enforcer is null");
    }

    public void enforce(String action, AuthContext caller, Map<String, ?> target) {
        if (!enforcer.allows(action, caller, target)) {
            throw NeutronFaults.forbidden(action);
        }
    }

    public void enforce(String action, AuthContext caller, String projectId) {
        enforce(action, caller, target(projectId));
    }

    public boolean allows(String action, AuthContext caller, Map<String, ?> target) {
        return enforcer.allows(action, caller, target);
    }

    public static Map<String, Object> target(String projectId) {
        Map<String, Object> target = new HashMap<>();
        target.put("target.project_id", projectId);
        return target;
    }

    /** Networks also say whether they are shared or external, which opens them to every project for reading. */
    public static Map<String, Object> networkTarget(String projectId, boolean shared, boolean external) {
        Map<String, Object> target = target(projectId);
        target.put("target.shared", shared ? "True" : "False");
        target.put("target.external", external ? "True" : "False");
        return target;
    }
}
