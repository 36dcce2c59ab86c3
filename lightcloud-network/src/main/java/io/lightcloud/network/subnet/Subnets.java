package io.lightcloud.network.subnet;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.Tenancy;
import io.lightcloud.network.network.Network;
import io.lightcloud.network.network.NetworkRepository;
import io.lightcloud.network.network.Networks;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Finds subnets as a caller sees them: its own, and those of networks it sees (shared, external). */
@Component
public class Subnets {
    private final SubnetRepository repository;
    private final NetworkRepository networks;
    private final Networks networkAccess;

    public Subnets(SubnetRepository repository, NetworkRepository networks, Networks networkAccess) {
        this.repository = requireNonNull(repository, "repository is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.networkAccess = requireNonNull(networkAccess, "networkAccess is null");
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
        return Tenancy.owns(caller, subnet.projectId()) || (network != null && networkAccess.canSee(caller, network));
    }
}
