package io.lightcloud.network.autoallocate;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.NetworkProperties;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.autoallocate.AutoAllocatedTopologyRepository.Topology;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.NetworkRepository;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.Router;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.network.NetworkService;
import io.lightcloud.network.router.RouterService;
import io.lightcloud.network.store.NetworkTransactions;
import io.lightcloud.network.subnet.SubnetService;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron's auto-allocated topology ("get me a network"): a project's network, an IPv4 subnet and a router with its
 * gateway on the default external network, made on first request and returned from then on. Neutron takes the
 * subnet from a default subnet pool; Lightcloud has no subnet pools and gives every project
 * {@code lightcloud.network.auto-allocated-cidr} (project networks are isolated, so they may overlap). It is all made
 * in one transaction, so a failure (a quota, no gateway address left) leaves nothing behind.
 */
@Component
public class AutoAllocatedTopologies {
    private final AutoAllocatedTopologyRepository topologies;
    private final NetworkRepository networkRepository;
    private final NetworkService networks;
    private final SubnetService subnets;
    private final RouterService routers;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;
    private final String cidr;

    public AutoAllocatedTopologies(AutoAllocatedTopologyRepository topologies, NetworkRepository networkRepository,
            NetworkService networks, SubnetService subnets, RouterService routers, NeutronPolicy policy,
            NetworkTransactions transactions, NetworkProperties properties) {
        this.topologies = requireNonNull(topologies, "topologies is null");
        this.networkRepository = requireNonNull(networkRepository, "networkRepository is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.routers = requireNonNull(routers, "routers is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.cidr = requireNonNull(properties.autoAllocatedCidr(), "autoAllocatedCidr is null");
    }

    /** The id of the project's auto-allocated network, made now when it has none. */
    public String network(AuthContext caller, String projectId) {
        policy.enforce("get_auto_allocated_topology", caller, projectId);
        return transactions.run(() -> topologies.find(projectId).map(Topology::networkId)
                .orElseGet(() -> build(caller, projectId)));
    }

    /** Neutron's {@code fields=dry-run}: fails as a real request would when nothing can be made. */
    public void checkRequirements(AuthContext caller, String projectId) {
        policy.enforce("get_auto_allocated_topology", caller, projectId);
        if (topologies.find(projectId).isEmpty()) {
            defaultExternalNetwork();
        }
    }

    /** Deletes the project's router and network (with its subnet); a network still in use refuses it (409). */
    public void delete(AuthContext caller, String projectId) {
        policy.enforce("delete_auto_allocated_topology", caller, projectId);
        transactions.run(() -> topologies.find(projectId).ifPresent(topology -> {
            if (topology.routerId() != null) {
                for (Port port : routers.interfaces(topology.routerId())) {
                    if (port.networkId().equals(topology.networkId())) {
                        routers.removeInterface(caller, topology.routerId(), fields(Map.of("port_id", port.id())));
                    }
                }
                routers.delete(caller, topology.routerId());
            }
            topologies.delete(projectId);
            networks.delete(caller, topology.networkId());
        }));
    }

    private String build(AuthContext caller, String projectId) {
        Network external = defaultExternalNetwork();
        Network network = networks.create(caller, fields(Map.of("name", "auto_allocated_network",
                "project_id", projectId)));
        Subnet subnet = subnets.create(caller, fields(Map.of("name", "auto_allocated_subnet_v4",
                "network_id", network.id(), "cidr", cidr, "ip_version", 4, "project_id", projectId)));
        ObjectNode router = JsonNodeFactory.instance.objectNode();
        router.put("name", "auto_allocated_router");
        router.put("project_id", projectId);
        router.putObject("external_gateway_info").put("network_id", external.id());
        Router made = routers.create(caller, JsonFields.ofObject(router, "router"));
        routers.addInterface(caller, made.id(), fields(Map.of("subnet_id", subnet.id())));
        topologies.insert(new Topology(projectId, network.id(), made.id()));
        return network.id();
    }

    private Network defaultExternalNetwork() {
        return networkRepository.defaultExternal().orElseThrow(() -> new ApiException(409,
                "Deployment error: No default router:external network.", "AutoAllocationFailure"));
    }

    private static JsonFields fields(Map<String, Object> values) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        values.forEach((name, value) -> {
            if (value instanceof Integer number) {
                node.put(name, number);
            } else {
                node.put(name, (String) value);
            }
        });
        return JsonFields.ofObject(node, "body");
    }
}
