package io.lightcloud.network.port;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.address.FixedIpRequest;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.api.Requests;
import io.lightcloud.network.api.Tenancy;
import io.lightcloud.network.core.AddressPair;
import io.lightcloud.network.core.FloatingIpRepository;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.Networks;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Ports;
import io.lightcloud.network.ipam.IpAllocator;
import io.lightcloud.network.quota.NetworkQuotas;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import io.lightcloud.network.tag.TagRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Creates, changes and deletes ports through the API. */
@Component
public class PortService {
    private static final Set<String> CREATE_ATTRIBUTES = Set.of("name", "description", "network_id",
            "admin_state_up", "mac_address", "fixed_ips", "device_id", "device_owner", "security_groups",
            "allowed_address_pairs", "port_security_enabled", "binding:host_id", "binding:vnic_type",
            "binding:profile", "project_id", "tenant_id", "tags");
    private static final Set<String> UPDATE_ATTRIBUTES = Set.of("name", "description", "admin_state_up",
            "mac_address", "fixed_ips", "device_id", "device_owner", "security_groups", "allowed_address_pairs",
            "port_security_enabled", "binding:host_id", "binding:vnic_type", "binding:profile");

    private final PortRepository ports;
    private final Ports lookup;
    private final PortCreator creator;
    private final Networks networks;
    private final IpAllocator allocator;
    private final IpAllocationRepository allocations;
    private final FloatingIpRepository floatingIps;
    private final DhcpScheduler dhcp;
    private final TagRepository tags;
    private final NetworkQuotas quotas;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;

    public PortService(PortRepository ports, Ports lookup, PortCreator creator, Networks networks,
            IpAllocator allocator, IpAllocationRepository allocations, FloatingIpRepository floatingIps,
            DhcpScheduler dhcp, TagRepository tags, NetworkQuotas quotas, NeutronPolicy policy,
            NetworkTransactions transactions, NetworkGeneration generation) {
        this.ports = requireNonNull(ports, "ports is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.creator = requireNonNull(creator, "creator is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.dhcp = requireNonNull(dhcp, "dhcp is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
    }

    public Port create(AuthContext caller, JsonFields in) {
        Requests.allowOnly(in, CREATE_ATTRIBUTES);
        checkVnicType(in);
        String networkId = in.string("network_id", 36).orElseThrow(() -> NeutronFaults.badRequest(
                "Failed to parse request. Required attribute 'network_id' not specified"));
        String projectId = Tenancy.owningProject(caller, in);
        policy.enforce("create_port", caller, projectId);
        String mac = in.string("mac_address", 32).map(m -> {
            String canonical = MacAddresses.canonical(m);
            if (canonical == null) {
                throw NeutronFaults.invalidInput("'" + m + "' is not a valid MAC address");
            }
            return canonical;
        }).orElse(null);
        String host = in.string("binding:host_id", 255).orElse("");
        if (in.has("binding:host_id")) {
            policy.enforce("create_port:binding:host_id", caller, projectId);
        }
        List<FixedIpRequest> fixedIps = PortInput.fixedIps(in);
        List<AddressPair> pairs = PortInput.addressPairs(in);
        List<String> groups = in.has("security_groups") ? in.stringList("security_groups", 36).orElse(List.of())
                : null;
        List<String> initialTags = in.stringList("tags", 255).orElse(List.of());
        return transactions.run(() -> {
            Network network = networks.visible(caller, networkId);
            if (!network.shared() && !network.projectId().equals(projectId)) {
                policy.enforce("create_port", caller, network.projectId());
            }
            if (mac != null) {
                Map<String, Object> target = NeutronPolicy.target(projectId);
                target.put("target.network.project_id", network.projectId());
                policy.enforce("create_port:mac_address", caller, target);
            }
            quotas.check(projectId, "port", 1);
            Port port = creator.create(new PortSpec(networkId, projectId, in.string("name", 255).orElse(""),
                    in.string("description", 255).orElse(""), mac, in.bool("admin_state_up").orElse(true),
                    in.string("device_id", 255).orElse(""), in.string("device_owner", 255).orElse(""),
                    in.bool("port_security_enabled").orElse(null), host, fixedIps, groups, pairs, false, null, null));
            initialTags.forEach(tag -> tags.add(port.id(), tag));
            if (port.isBound()) {
                dhcp.schedule(port.networkId());
            }
            generation.bump();
            return port;
        });
    }

    public Port update(AuthContext caller, String id, JsonFields in) {
        Requests.allowOnly(in, UPDATE_ATTRIBUTES);
        checkVnicType(in);
        List<FixedIpRequest> fixedIps = in.has("fixed_ips") ? PortInput.fixedIps(in) : null;
        List<AddressPair> requestedPairs = in.has("allowed_address_pairs") ? PortInput.addressPairs(in) : null;
        return transactions.run(() -> {
            Port port = lookup.visible(caller, id);
            policy.enforce("update_port", caller, port.projectId());
            if (in.has("binding:host_id")) {
                policy.enforce("update_port:binding:host_id", caller, port.projectId());
            }
            String mac = port.macAddress();
            if (in.has("mac_address")) {
                policy.enforce("update_port:mac_address", caller, port.projectId());
                String requested = in.string("mac_address", 32).map(MacAddresses::canonical).orElse(null);
                if (requested == null) {
                    throw NeutronFaults.invalidInput("'" + in.raw().get("mac_address") + "' is not a valid MAC address");
                }
                if (!requested.equals(mac) && port.isBound()) {
                    throw NeutronFaults.conflict("PortBound", "Unable to complete operation on port " + id
                            + ", port is already bound, port type: bridge, old_mac " + mac + ", new_mac "
                            + requested + ".");
                }
                if (!requested.equals(mac) && ports.macInUse(requested)) {
                    throw NeutronFaults.conflict("MacAddressInUse", "Unable to complete operation for network "
                            + port.networkId() + ". The mac address " + requested + " is in use.");
                }
                mac = requested;
            }
            boolean portSecurity = in.bool("port_security_enabled").orElse(port.portSecurityEnabled());
            List<String> groups = in.has("security_groups")
                    ? creator.checkGroups(port.projectId(), in.stringList("security_groups", 36).orElse(List.of()),
                            portSecurity)
                    : ports.securityGroups(id);
            if (!portSecurity && !groups.isEmpty()) {
                throw NeutronFaults.conflict("PortSecurityPortHasSecurityGroup", "Port has security group "
                        + "associated. Cannot disable port security or ip address until security group is removed");
            }
            String finalMac = mac;
            List<AddressPair> pairs = requestedPairs == null ? port.allowedAddressPairs() : requestedPairs.stream()
                    .map(p -> new AddressPair(p.ipAddress(), p.macAddress().isEmpty() ? finalMac : p.macAddress()))
                    .toList();
            if (!portSecurity && !pairs.isEmpty()) {
                throw NeutronFaults.conflict("AddressPairAndPortSecurityRequired", "Port Security must be enabled "
                        + "in order to have allowed address pairs on a port.");
            }
            String host = in.has("binding:host_id") ? in.string("binding:host_id", 255).orElse("")
                    : port.bindingHostId();
            Port updated = new Port(port.id(), port.networkId(), port.projectId(), Requests.name(in, port.name()),
                    Requests.description(in, port.description()), mac,
                    in.bool("admin_state_up").orElse(port.adminStateUp()),
                    in.has("device_id") ? in.string("device_id", 255).orElse("") : port.deviceId(),
                    in.has("device_owner") ? in.string("device_owner", 255).orElse("") : port.deviceOwner(),
                    portSecurity, host, host.isEmpty() ? Port.DOWN : Port.ACTIVE, pairs, port.createdForServer(),
                    port.serverTag(), port.attachedAt(), port.revisionNumber() + 1, port.createdAt(), Instant.now());
            ports.update(updated);
            ports.setSecurityGroups(id, groups);
            if (fixedIps != null) {
                allocations.deleteByPort(id);
                allocator.allocatePort(port.networkId(), fixedIps, id);
            }
            if (updated.isBound() && !host.equals(port.bindingHostId())) {
                dhcp.schedule(updated.networkId());
            }
            generation.bump();
            return updated;
        });
    }

    public void delete(AuthContext caller, String id) {
        transactions.run(() -> {
            Port port = lookup.visible(caller, id);
            policy.enforce("delete_port", caller, port.projectId());
            if (port.isRouterPort() && !caller.isAdmin()) {
                throw NeutronFaults.conflict("L3PortInUse", "Port " + id + " cannot be deleted directly via the "
                        + "port API: has device owner " + port.deviceOwner() + ".");
            }
            remove(port);
            generation.bump();
        });
    }

    /** Removes a port with its addresses, tags and floating IP associations; inside the caller's transaction. */
    public void remove(Port port) {
        floatingIps.disassociatePort(port.id());
        allocations.deleteByPort(port.id());
        tags.removeAll(port.id());
        ports.delete(port.id());
    }

    private static void checkVnicType(JsonFields in) {
        String vnic = in.string("binding:vnic_type", 32).orElse("normal");
        if (!vnic.equals("normal")) {
            throw NeutronFaults.invalidInput("binding:vnic_type '" + vnic + "' is not supported; only 'normal'.");
        }
    }
}
