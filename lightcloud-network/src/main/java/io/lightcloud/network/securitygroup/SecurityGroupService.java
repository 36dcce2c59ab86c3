package io.lightcloud.network.securitygroup;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.address.Cidr;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.api.Requests;
import io.lightcloud.network.api.Tenancy;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Protocols;
import io.lightcloud.network.core.SecurityGroup;
import io.lightcloud.network.core.SecurityGroupRepository;
import io.lightcloud.network.core.SecurityGroupRule;
import io.lightcloud.network.core.SecurityGroups;
import io.lightcloud.network.quota.NetworkQuotas;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import io.lightcloud.network.tag.TagRepository;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Creates, changes and deletes security groups and their rules. */
@Component
public class SecurityGroupService {
    private static final Set<String> GROUP_ATTRIBUTES = Set.of("name", "description", "stateful", "project_id",
            "tenant_id", "tags");
    private static final Set<String> GROUP_UPDATE_ATTRIBUTES = Set.of("name", "description", "stateful");
    private static final Set<String> RULE_ATTRIBUTES = Set.of("security_group_id", "direction", "ethertype",
            "protocol", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id",
            "remote_address_group_id", "description", "project_id", "tenant_id");

    private final SecurityGroupRepository repository;
    private final SecurityGroups groups;
    private final PortRepository ports;
    private final TagRepository tags;
    private final NetworkQuotas quotas;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;

    public SecurityGroupService(SecurityGroupRepository repository, SecurityGroups groups, PortRepository ports,
            TagRepository tags, NetworkQuotas quotas, NeutronPolicy policy, NetworkTransactions transactions,
            NetworkGeneration generation) {
        this.repository = requireNonNull(repository, "repository is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
    }

    public SecurityGroup create(AuthContext caller, JsonFields in) {
        Requests.allowOnly(in, GROUP_ATTRIBUTES);
        String projectId = Tenancy.owningProject(caller, in);
        policy.enforce("create_security_group", caller, projectId);
        String name = in.string("name", 255).orElse("");
        refuseDefaultName(name);
        List<String> initialTags = in.stringList("tags", 255).orElse(List.of());
        groups.ensureDefault(projectId);
        return transactions.run(() -> {
            quotas.check(projectId, "security_group", 1);
            Instant now = Instant.now();
            SecurityGroup group = new SecurityGroup(UUID.randomUUID().toString(), projectId, name,
                    in.string("description", 255).orElse(""), in.bool("stateful").orElse(true), false, 1, now, now);
            repository.insert(group);
            groups.addDefaultEgress(group);
            initialTags.forEach(tag -> tags.add(group.id(), tag));
            generation.bump();
            return group;
        });
    }

    public SecurityGroup update(AuthContext caller, String id, JsonFields in) {
        Requests.allowOnly(in, GROUP_UPDATE_ATTRIBUTES);
        return transactions.run(() -> {
            SecurityGroup group = groups.visible(caller, id);
            policy.enforce("update_security_group", caller, group.projectId());
            String name = Requests.name(in, group.name());
            if (group.isDefault() && !name.equals("default")) {
                throw NeutronFaults.conflict("SecurityGroupCannotUpdateDefault",
                        "Updating default security group not allowed.");
            }
            if (!group.isDefault() && in.has("name")) {
                refuseDefaultName(name);
            }
            SecurityGroup updated = new SecurityGroup(group.id(), group.projectId(), name,
                    Requests.description(in, group.description()), in.bool("stateful").orElse(group.stateful()),
                    group.isDefault(), group.revisionNumber() + 1, group.createdAt(), Instant.now());
            repository.update(updated);
            generation.bump();
            return updated;
        });
    }

    public void delete(AuthContext caller, String id) {
        transactions.run(() -> {
            SecurityGroup group = groups.visible(caller, id);
            policy.enforce("delete_security_group", caller, group.projectId());
            if (group.isDefault() && !caller.isAdmin()) {
                throw NeutronFaults.conflict("SecurityGroupCannotRemoveDefault",
                        "Insufficient rights for removing default security group.");
            }
            if (ports.groupInUse(id)) {
                throw NeutronFaults.conflict("SecurityGroupInUse", "Security Group " + id + " in use.");
            }
            repository.rules().stream().filter(r -> id.equals(r.remoteGroupId()))
                    .forEach(r -> repository.deleteRule(r.id()));
            tags.removeAll(id);
            repository.delete(id);
            generation.bump();
        });
    }

    public SecurityGroupRule createRule(AuthContext caller, JsonFields in) {
        Requests.allowOnly(in, RULE_ATTRIBUTES);
        String groupId = in.string("security_group_id", 36).orElseThrow(() -> NeutronFaults.badRequest(
                "Failed to parse request. Required attribute 'security_group_id' not specified"));
        String direction = in.string("direction", 16).orElseThrow(() -> NeutronFaults.badRequest(
                "Failed to parse request. Required attribute 'direction' not specified"));
        if (!direction.equals("ingress") && !direction.equals("egress")) {
            throw NeutronFaults.invalidInput("'" + direction + "' is not in ['ingress', 'egress']");
        }
        String ethertype = in.string("ethertype", 8).orElse("IPv4");
        if (!ethertype.equals("IPv4") && !ethertype.equals("IPv6")) {
            throw NeutronFaults.invalidInput("'" + ethertype + "' is not in ['IPv4', 'IPv6']");
        }
        String protocol = protocol(in);
        Integer min = in.integer("port_range_min", Integer.MIN_VALUE, Integer.MAX_VALUE).map(Long::intValue)
                .orElse(null);
        Integer max = in.integer("port_range_max", Integer.MIN_VALUE, Integer.MAX_VALUE).map(Long::intValue)
                .orElse(null);
        validatePorts(protocol, min, max);
        String prefix = remotePrefix(in.string("remote_ip_prefix", 64).orElse(null), ethertype);
        String remoteGroup = in.string("remote_group_id", 36).orElse(null);
        if (prefix != null && remoteGroup != null) {
            throw NeutronFaults.badRequest("Only remote_ip_prefix or remote_group_id may be provided.");
        }
        String description = in.string("description", 255).orElse("");
        return transactions.run(() -> {
            SecurityGroup group = groups.visible(caller, groupId);
            policy.enforce("create_security_group_rule", caller, group.projectId());
            if (remoteGroup != null) {
                groups.visible(caller, remoteGroup);
            }
            quotas.check(group.projectId(), "security_group_rule", 1);
            Instant now = Instant.now();
            SecurityGroupRule rule = new SecurityGroupRule(UUID.randomUUID().toString(), groupId, group.projectId(),
                    direction, ethertype, protocol, min, max, prefix, remoteGroup, description, 1, now, now);
            repository.findRuleBySignature(groupId, rule.signature()).ifPresent(existing -> {
                throw NeutronFaults.conflict("SecurityGroupRuleExists", "Security group rule already exists. "
                        + "Rule id is " + existing.id() + ".");
            });
            repository.insertRule(rule);
            generation.bump();
            return rule;
        });
    }

    public void deleteRule(AuthContext caller, String id) {
        transactions.run(() -> {
            SecurityGroupRule rule = visibleRule(caller, id);
            policy.enforce("delete_security_group_rule", caller, rule.projectId());
            repository.deleteRule(id);
            generation.bump();
        });
    }

    public SecurityGroupRule visibleRule(AuthContext caller, String id) {
        return repository.findRule(id)
                .filter(r -> policy.allows("get_security_group_rule", caller, NeutronPolicy.target(r.projectId())))
                .orElseThrow(() -> NeutronFaults.notFound("SecurityGroupRule", id));
    }

    public List<SecurityGroupRule> visibleRules(AuthContext caller) {
        if (caller.projectId() != null) {
            groups.ensureDefault(caller.projectId());
        }
        return repository.rules().stream()
                .filter(r -> policy.allows("get_security_group_rule", caller, NeutronPolicy.target(r.projectId())))
                .toList();
    }

    private static String protocol(JsonFields in) {
        if (in.raw().get("protocol") != null && in.raw().get("protocol").isIntegralNumber()) {
            return protocolText(String.valueOf(in.raw().get("protocol").longValue()));
        }
        return in.string("protocol", 32).map(SecurityGroupService::protocolText).orElse(null);
    }

    private static String protocolText(String protocol) {
        String normalized = protocol.toLowerCase(Locale.ROOT);
        if (normalized.equals("any")) {
            return null;
        }
        if (!Protocols.isValid(normalized)) {
            throw new ApiException(400, "Security group rule protocol " + protocol
                    + " not supported. Only protocol values [None, ah, dccp, egp, esp, gre, icmp, icmpv6, igmp, "
                    + "ipip, ipv6-encap, ipv6-frag, ipv6-icmp, ipv6-nonxt, ipv6-opts, ipv6-route, ospf, pgm, rsvp, "
                    + "sctp, tcp, udp, udplite, vrrp] and integer representations [0 to 255] are supported.",
                    "SecurityGroupRuleInvalidProtocol");
        }
        return normalized;
    }

    /** Neutron reserves the name (in any case) for the group it makes per project. */
    private static void refuseDefaultName(String name) {
        if (name.equalsIgnoreCase("default")) {
            throw NeutronFaults.conflict("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
        }
    }

    /** Neutron's checks and wording, in its order: each port's value, then the range for the protocol. */
    private static void validatePorts(String protocol, Integer min, Integer max) {
        if (min == null && max == null) {
            return;
        }
        for (Integer port : new Integer[] {min, max}) {
            if (port != null && (port < 0 || port > 65535)) {
                throw invalidPort(port);
            }
        }
        if (protocol == null) {
            throw NeutronFaults.badRequest("Must also specify protocol if port range is given.");
        }
        if (Protocols.hasPorts(protocol)) {
            if (Integer.valueOf(0).equals(min) || Integer.valueOf(0).equals(max)) {
                throw invalidPort(0);
            }
            if (min == null || max == null || min > max) {
                throw new ApiException(400, "For TCP/UDP protocols, port_range_min must "
                        + "be <= port_range_max", "SecurityGroupInvalidPortRange");
            }
        } else if (Protocols.isIcmp(protocol)) {
            icmpValue("type", "port-range-min", min);
            icmpValue("code", "port-range-max", max);
            if (min == null) {
                throw new ApiException(400, "ICMP code (port-range-max) " + max + " is provided but ICMP type "
                        + "(port-range-min) is missing.", "SecurityGroupMissingIcmpType");
            }
        } else {
            throw new ApiException(400, "Invalid protocol " + protocol
                    + " for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP.",
                    "SecurityGroupInvalidProtocolForPortRange");
        }
    }

    private static ApiException invalidPort(int port) {
        return new ApiException(400, "Invalid value for port " + port + ".", "SecurityGroupInvalidPortValue");
    }

    private static void icmpValue(String field, String attribute, Integer value) {
        if (value != null && value > 255) {
            throw new ApiException(400, "Invalid value for ICMP " + field + " (" + attribute + "): " + value
                    + ". It must be 0 to 255.", "SecurityGroupInvalidIcmpValue");
        }
    }

    private static String remotePrefix(String prefix, String ethertype) {
        if (prefix == null) {
            return null;
        }
        boolean v6 = prefix.contains(":");
        if (v6 != ethertype.equals("IPv6")) {
            throw NeutronFaults.badRequest("Conflicting value ethertype " + ethertype + " for CIDR " + prefix + ".");
        }
        if (v6) {
            if (!prefix.matches("[0-9a-fA-F:]+(/\\d{1,3})?")) {
                throw NeutronFaults.invalidInput("'" + prefix + "' is not a valid IP subnet.");
            }
            return prefix.contains("/") ? prefix.toLowerCase(Locale.ROOT) : prefix.toLowerCase(Locale.ROOT) + "/128";
        }
        return Cidr.parseLenient(prefix, "remote_ip_prefix").toString();
    }
}
