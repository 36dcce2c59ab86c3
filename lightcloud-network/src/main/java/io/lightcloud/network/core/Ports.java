package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import java.util.List;
import org.springframework.stereotype.Component;

/** Finds ports as a caller sees them: its project's; the admin all. */
@Component
public class Ports {
    private final PortRepository repository;
    private final NeutronPolicy policy;

    public Ports(PortRepository repository, NeutronPolicy policy) {
        this.repository = requireNonNull(repository, "repository is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public Port visible(AuthContext caller, String id) {
        return repository.find(id).filter(p -> canSee(caller, p))
                .orElseThrow(() -> NeutronFaults.notFound("Port", id));
    }

    public List<Port> visible(AuthContext caller) {
        return repository.all().stream().filter(p -> canSee(caller, p)).toList();
    }

    private boolean canSee(AuthContext caller, Port port) {
        return policy.allows("get_port", caller, NeutronPolicy.target(port.projectId()));
    }
}
