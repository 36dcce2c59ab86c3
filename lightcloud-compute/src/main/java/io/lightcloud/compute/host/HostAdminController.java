package io.lightcloud.compute.host;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.store.Transactions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Lightcloud's host credentials, for the admin: creating a host returns its agent credential once (only a hash is
 * kept); rotating issues a new one and invalidates the old; a host without servers can be removed.
 */
@RestController
@RequestMapping("/lightcloud/v1/hosts")
public class HostAdminController {
    private static final Logger log = LoggerFactory.getLogger(HostAdminController.class);
    private static final Pattern HOSTNAME = Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,253}[a-zA-Z0-9])?$");

    private final HostRepository hosts;
    private final HostSettings settings;
    private final PolicyEnforcer policy;
    private final Transactions transactions;
    private final JdbcClient jdbc;

    public HostAdminController(HostRepository hosts, HostSettings settings, PolicyEnforcer policy,
            Transactions transactions, JdbcClient jdbc) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller) {
        policy.enforce("lightcloud:hosts:list", caller);
        return Map.of("hosts", hosts.list().stream().map(this::view).toList());
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id) {
        policy.enforce("lightcloud:hosts:show", caller);
        return Map.of("host", view(find(id)));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        policy.enforce("lightcloud:hosts:create", caller);
        JsonFields in = JsonFields.of(body, "host").allowOnly(Set.of("hostname", "availability_zone"));
        String hostname = in.requiredNonBlank("hostname", 255);
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw ApiException.badRequest("Invalid input for field 'host.hostname': '" + hostname
                    + "' is not a host name.");
        }
        String zone = in.string("availability_zone", 255).orElse(settings.defaultAvailabilityZone());
        String id = UUID.randomUUID().toString();
        String secret = HostCredentials.newSecret();
        try {
            transactions.run(() -> hosts.insert(id, UUID.randomUUID().toString(), hostname,
                    HostCredentials.hash(secret), zone));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("Host " + hostname + " already exists; rotate its credential instead.");
        }
        log.info("Created host credential host_id={} host={} availability_zone={}", id, hostname, zone);
        Map<String, Object> view = view(find(id));
        view.put("credential", HostCredentials.credential(id, secret));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("host", view));
    }

    @PostMapping("/{id}/credential")
    public Map<String, Object> rotate(AuthContext caller, @PathVariable String id) {
        policy.enforce("lightcloud:hosts:rotate_credential", caller);
        find(id);
        String secret = HostCredentials.newSecret();
        transactions.run(() -> hosts.setCredentialHash(id, HostCredentials.hash(secret)));
        log.info("Rotated host credential host_id={}", id);
        Map<String, Object> view = view(find(id));
        view.put("credential", HostCredentials.credential(id, secret));
        return Map.of("host", view);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("lightcloud:hosts:delete", caller);
        ComputeHost host = find(id);
        try {
            transactions.run(() -> {
                long servers = jdbc.sql("SELECT COUNT(*) FROM compute_instance WHERE host_id = ?").param(id)
                        .query(Long.class).single();
                if (servers > 0) {
                    throw ApiException.conflict("Host " + host.hostname() + " still has " + servers
                            + " servers (including deleted ones its agent has not cleaned up).");
                }
                hosts.delete(id);
            });
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("Host " + host.hostname() + " is still referenced by servers.");
        }
        log.info("Deleted host host_id={} host={}", id, host.hostname());
        return ResponseEntity.noContent().build();
    }

    private ComputeHost find(String id) {
        return hosts.find(id).orElseThrow(() -> ApiException.notFound("Host " + id + " could not be found."));
    }

    private Map<String, Object> view(ComputeHost host) {
        Instant now = Instant.now();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", host.id());
        view.put("hostname", host.hostname());
        view.put("availability_zone", host.availabilityZone());
        view.put("registered", host.registered());
        view.put("state", host.up(now, settings.downAfterSeconds()) ? "up" : "down");
        view.put("enabled", host.enabled());
        view.put("hypervisor_type", host.hypervisorType());
        view.put("vcpus", host.vcpus());
        view.put("memory_mb", host.memoryMb());
        view.put("disk_gb", host.diskGb());
        view.put("host_ip", host.hostIp());
        view.put("last_heartbeat_at", host.lastHeartbeatAt() == null ? null
                : Timestamps.seconds(host.lastHeartbeatAt().toInstant()));
        view.put("created_at", Timestamps.seconds(host.createdAt().toInstant()));
        return view;
    }
}
