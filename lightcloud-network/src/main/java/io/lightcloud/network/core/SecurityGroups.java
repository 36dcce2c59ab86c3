package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Finds security groups as a caller sees them (its project's; the admin all) and makes each project's
 * {@code default} group on first use, with Neutron's default rules: all egress, and ingress from members of the
 * group, for IPv4 and IPv6.
 */
@Component
public class SecurityGroups {
    private final SecurityGroupRepository repository;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;

    public SecurityGroups(SecurityGroupRepository repository, NeutronPolicy policy, NetworkTransactions transactions,
            NetworkGeneration generation) {
        this.repository = requireNonNull(repository, "repository is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
    }

    public SecurityGroup visible(AuthContext caller, String id) {
        return repository.find(id).filter(g -> policy.allows("get_security_group", caller,
                NeutronPolicy.target(g.projectId())))
                .orElseThrow(() -> NeutronFaults.notFound("SecurityGroup", id));
    }

    public List<SecurityGroup> visible(AuthContext caller) {
        if (caller.projectId() != null) {
            ensureDefault(caller.projectId());
        }
        return repository.all().stream()
                .filter(g -> policy.allows("get_security_group", caller, NeutronPolicy.target(g.projectId())))
                .toList();
    }

    /**
     * The project's default group, created now if it has none. Inside a caller's transaction it joins it and leaves
     * bumping the generation to the caller, whose bump is its last step: taking the generation's lock early would
     * invert the order of locks against other changes.
     */
    public SecurityGroup ensureDefault(String projectId) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return repository.defaultOf(projectId).orElseGet(() -> create(projectId));
        }
        return repository.defaultOf(projectId).orElseGet(() -> transactions.run(() -> {
            SecurityGroup group = repository.defaultOf(projectId).orElseGet(() -> create(projectId));
            generation.bump();
            return group;
        }));
    }

    private SecurityGroup create(String projectId) {
        Instant now = Instant.now();
        SecurityGroup group = new SecurityGroup(UUID.randomUUID().toString(), projectId, "default",
                "Default security group", true, true, 1, now, now);
        repository.insert(group);
        for (String ethertype : List.of("IPv4", "IPv6")) {
            repository.insertRule(rule(group, "egress", ethertype, null, now));
            repository.insertRule(rule(group, "ingress", ethertype, group.id(), now));
        }
        return group;
    }

    /** The egress rules every new group starts with. */
    public void addDefaultEgress(SecurityGroup group) {
        for (String ethertype : List.of("IPv4", "IPv6")) {
            repository.insertRule(rule(group, "egress", ethertype, null, group.createdAt()));
        }
    }

    private static SecurityGroupRule rule(SecurityGroup group, String direction, String ethertype, String remoteGroup,
            Instant now) {
        return new SecurityGroupRule(UUID.randomUUID().toString(), group.id(), group.projectId(), direction,
                ethertype, null, null, null, null, remoteGroup, "", 1, now, now);
    }
}
