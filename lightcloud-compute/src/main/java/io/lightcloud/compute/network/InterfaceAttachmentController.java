package io.lightcloud.compute.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.network.ServerNetworking.FixedIp;
import io.lightcloud.common.network.ServerNetworking.NicRequest;
import io.lightcloud.common.network.ServerNetworking.ServerPort;
import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.host.HostSettings;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Nova's {@code os-interface}: a server's ports. Attaching allocates (or claims) a port through the network service
 * and adds it to the server's desired state, and the agent hot-plugs the NIC; detaching gives the port back and the
 * agent unplugs it. A port the network service made for the server is deleted on detach, a user's port is released.
 */
@RestController
@RequestMapping("/compute/v2.1/servers/{id}/os-interface")
public class InterfaceAttachmentController {
    private static final Logger log = LoggerFactory.getLogger(InterfaceAttachmentController.class);
    private static final Set<String> ATTACHABLE = Set.of(VmState.ACTIVE, VmState.PAUSED, VmState.STOPPED);

    private final InstanceRepository instances;
    private final ObjectProvider<ServerNetworking> networking;
    private final InstanceActionLog actions;
    private final DesiredStateChanges changes;
    private final PolicyEnforcer policy;
    private final Transactions transactions;
    private final String defaultZone;

    public InterfaceAttachmentController(InstanceRepository instances, ObjectProvider<ServerNetworking> networking,
            InstanceActionLog actions, DesiredStateChanges changes, PolicyEnforcer policy, Transactions transactions,
            HostSettings hostSettings) {
        this.instances = requireNonNull(instances, "instances is null");
        this.networking = requireNonNull(networking, "networking is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.defaultZone = hostSettings.defaultAvailabilityZone();
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-attach-interfaces:list", caller, ServerAccess.target(instance));
        return Map.of("interfaceAttachments", network().ports(id).stream().map(p -> view(p, request)).toList());
    }

    @GetMapping("/{portId}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, @PathVariable String portId,
            HttpServletRequest request) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-attach-interfaces:show", caller, ServerAccess.target(instance));
        ServerPort port = network().ports(id).stream().filter(p -> p.portId().equals(portId)).findFirst()
                .orElseThrow(() -> notAttached(id, portId));
        return Map.of("interfaceAttachment", view(port, request));
    }

    @PostMapping
    public Map<String, Object> attach(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        Set<String> allowed = new HashSet<>(Set.of("port_id", "net_id", "fixed_ips"));
        if (ComputeApiVersion.atLeast(request, 2, 49)) {
            allowed.add("tag");
        }
        JsonFields in = JsonFields.of(body, "interfaceAttachment").allowOnly(allowed);
        String portId = in.string("port_id", 36).filter(p -> !p.isEmpty()).orElse(null);
        String networkId = in.string("net_id", 36).filter(n -> !n.isEmpty()).orElse(null);
        List<JsonFields> fixedIps = in.objectList("fixed_ips");
        if (portId != null && networkId != null) {
            throw ApiException.badRequest("Must not input both network_id and port_id");
        }
        if (fixedIps.size() > 1) {
            throw ApiException.badRequest("Invalid input for field 'fixed_ips': at most one address.");
        }
        if (!fixedIps.isEmpty() && networkId == null) {
            throw ApiException.badRequest("Must input network_id when request IP address");
        }
        String fixedIp = fixedIps.isEmpty() ? null : fixedIps.get(0).requiredNonBlank("ip_address", 64);
        String tag = in.string("tag", 60).orElse(null);
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-attach-interfaces:create", caller, ServerAccess.target(instance));
        ServerAccess.requireAttachable(caller, instance, ATTACHABLE, "attach_interface");
        ServerNetworking network = network();
        NicRequest nic = portId != null ? new NicRequest(null, portId, null, tag)
                : networkId != null ? new NicRequest(networkId, null, fixedIp, tag) : NicRequest.AUTO;
        String zone = instance.availabilityZone() == null ? defaultZone : instance.availabilityZone();
        ServerPort attached = network.attach(id, zone, nic, caller);
        try {
            network.bind(id, instance.hostId());
            transactions.run(() -> {
                Instance locked = ServerAccess.visible(instances.lock(id), id, caller);
                ServerAccess.requireAttachable(caller, locked, ATTACHABLE, "attach_interface");
                bump(locked, caller, "attach_interface");
            });
        } catch (RuntimeException e) {
            network.detach(id, attached.portId());
            throw e;
        }
        log.info("Attaching interface instance_id={} port_id={} network_id={}", id, attached.portId(),
                attached.networkId());
        return Map.of("interfaceAttachment", view(attached, request));
    }

    @DeleteMapping("/{portId}")
    public ResponseEntity<Void> detach(AuthContext caller, @PathVariable String id, @PathVariable String portId) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-attach-interfaces:delete", caller, ServerAccess.target(instance));
        ServerAccess.requireAttachable(caller, instance, ATTACHABLE, "attach_interface");
        network().detach(id, portId);
        transactions.run(() -> bump(ServerAccess.visible(instances.lock(id), id, caller), caller,
                "detach_interface"));
        log.info("Detaching interface instance_id={} port_id={}", id, portId);
        return ResponseEntity.accepted().build();
    }

    private void bump(Instance instance, AuthContext caller, String action) {
        instances.bumpRevision(instance.id(), instance.revision() + 1);
        actions.start(instance.id(), action, caller);
        changes.changed(instance.hostId());
    }

    private ServerNetworking network() {
        ServerNetworking service = networking.getIfAvailable();
        if (service == null) {
            throw ApiException.badRequest("The network service is not available.");
        }
        return service;
    }

    private static Map<String, Object> view(ServerPort port, HttpServletRequest request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fixed_ips", port.fixedIps().stream().map(InterfaceAttachmentController::fixedIp).toList());
        view.put("mac_addr", port.macAddress());
        view.put("net_id", port.networkId());
        view.put("port_id", port.portId());
        view.put("port_state", "ACTIVE");
        if (ComputeApiVersion.atLeast(request, 2, 70)) {
            view.put("tag", port.tag());
        }
        return view;
    }

    private static Map<String, Object> fixedIp(FixedIp ip) {
        return Map.of("ip_address", ip.ipAddress(), "subnet_id", ip.subnetId());
    }

    private static ApiException notAttached(String id, String portId) {
        return ApiException.notFound("Port " + portId + " is not attached to instance " + id + ".");
    }
}
