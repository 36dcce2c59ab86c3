package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import java.util.List;
import org.springframework.stereotype.Component;

/** Finds routers as a caller sees them: its project's; the admin all. */
@Component
public class Routers {
    private final RouterRepository repository;
    private final NeutronPolicy policy;

    public Routers(RouterRepository repository, NeutronPolicy policy) {
        this.repository = requireNonNull(repository, "repository is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public Router visible(AuthContext caller, String id) {
        return repository.find(id).filter(r -> canSee(caller, r))
                .orElseThrow(() -> NeutronFaults.notFound("Router", id));
    }

    public List<Router> visible(AuthContext caller) {
        return repository.all().stream().filter(r -> canSee(caller, r)).toList();
    }

    private boolean canSee(AuthContext caller, Router router) {
        return policy.allows("get_router", caller, NeutronPolicy.target(router.projectId()));
    }
}
