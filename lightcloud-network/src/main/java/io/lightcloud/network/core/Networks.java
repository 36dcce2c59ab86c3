package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import java.util.List;
import org.springframework.stereotype.Component;

/** Finds networks as a caller may see them: their own, shared and external ones; any other is a 404. */
@Component
public class Networks {
    private final NetworkRepository repository;
    private final NeutronPolicy policy;

    public Networks(NetworkRepository repository, NeutronPolicy policy) {
        this.repository = requireNonNull(repository, "repository is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public Network visible(AuthContext caller, String id) {
        return repository.find(id).filter(network -> canSee(caller, network))
                .orElseThrow(() -> NeutronFaults.notFound("Network", id));
    }

    public List<Network> visible(AuthContext caller) {
        List<Network> candidates = caller.isAdmin() || caller.projectId() == null ? repository.all()
                : repository.visibleTo(caller.projectId());
        return candidates.stream().filter(network -> canSee(caller, network)).toList();
    }

    public boolean canSee(AuthContext caller, Network network) {
        return policy.allows("get_network", caller, target(network));
    }

    public static java.util.Map<String, Object> target(Network network) {
        return NeutronPolicy.networkTarget(network.projectId(), network.shared(), network.external());
    }
}
