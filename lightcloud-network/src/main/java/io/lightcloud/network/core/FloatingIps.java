package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import java.util.List;
import org.springframework.stereotype.Component;

/** Finds floating IPs as a caller sees them: its project's; the admin all. */
@Component
public class FloatingIps {
    private final FloatingIpRepository repository;
    private final NeutronPolicy policy;

    public FloatingIps(FloatingIpRepository repository, NeutronPolicy policy) {
        this.repository = requireNonNull(repository, "repository is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public FloatingIp visible(AuthContext caller, String id) {
        return repository.find(id).filter(f -> canSee(caller, f))
                .orElseThrow(() -> NeutronFaults.notFound("FloatingIP", id));
    }

    public List<FloatingIp> visible(AuthContext caller) {
        return repository.all().stream().filter(f -> canSee(caller, f)).toList();
    }

    private boolean canSee(AuthContext caller, FloatingIp floatingIp) {
        return policy.allows("get_floatingip", caller, NeutronPolicy.target(floatingIp.projectId()));
    }
}
