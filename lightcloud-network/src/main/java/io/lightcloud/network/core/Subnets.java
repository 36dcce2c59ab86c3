package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.api.Tenancy;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Finds subnets as a caller sees them ({@code get_subnet}): its own, and those of shared networks. As in Neutron,
 * the subnets of an external network that is not shared stay its owner's, though every project sees the network.
 */
@Component
public class Subnets {
    private final SubnetRepository repository;
    private final NetworkRepository networks;
    private final NeutronPolicy policy;

    public Subnets(SubnetRepository repository, NetworkRepository networks, NeutronPolicy policy) {
        this.repository = requireNonNull(repository, "repository is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public Subnet visible(AuthContext caller, String id) {
        return repository.find(id).filter(subnet -> canSee(caller, subnet, networks.find(subnet.networkId()).orElse(null)))
                .orElseThrow(() -> NeutronFaults.notFound("Subnet", id));
    }

    public List<Subnet> visible(AuthContext caller) {
        Map<String, Network> byId = networks.all().stream().collect(Collectors.toMap(Network::id, Function.identity()));
        return repository.all().stream().filter(s -> canSee(caller, s, byId.get(s.networkId()))).toList();
    }

    private boolean canSee(AuthContext caller, Subnet subnet, Network network) {
        return Tenancy.owns(caller, subnet.projectId()) || network != null && policy.allows("get_subnet", caller,
                NeutronPolicy.networkTarget(subnet.projectId(), network.shared(), network.external()));
    }
}
