package io.lightcloud.compute.host;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaTimes;
import io.lightcloud.compute.scheduler.HostStateCache;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Nova's {@code os-services}: one {@code nova-compute} service per registered host. Disabling a service keeps the
 * scheduler off its host; forcing it down marks its servers' host as down at once.
 */
@RestController
@RequestMapping("/compute/v2.1/os-services")
public class ServiceController {
    private static final Logger log = LoggerFactory.getLogger(ServiceController.class);
    private static final String BINARY = "nova-compute";

    private final HostRepository hosts;
    private final HostSettings settings;
    private final HostStateCache cache;
    private final PolicyEnforcer policy;
    private final Transactions transactions;
    private final JdbcClient jdbc;

    public ServiceController(HostRepository hosts, HostSettings settings, HostStateCache cache, PolicyEnforcer policy,
            Transactions transactions, JdbcClient jdbc) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam(name = "host", required = false) String host,
            @RequestParam(name = "binary", required = false) String binary, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-services:list", caller);
        if (binary != null && !binary.equals(BINARY)) {
            return Map.of("services", List.of());
        }
        return Map.of("services", hosts.listRegistered().stream().filter(h -> host == null || h.hostname().equals(host))
                .map(h -> view(request, h)).toList());
    }

    /** Microversion 2.53: update a service by its id. */
    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("os_compute_api:os-services:update", caller);
        if (!ComputeApiVersion.atLeast(request, 2, 53)) {
            return legacy(id, body, request);
        }
        ComputeHost host = hosts.findByServiceId(id).orElseThrow(() -> notFound(id));
        JsonFields in = JsonFields.ofObject(body, "body").allowOnly(Set.of("status", "disabled_reason", "forced_down"));
        Optional<String> status = in.string("status", 16);
        if (status.isPresent() && !status.get().equals("enabled") && !status.get().equals("disabled")) {
            throw ApiException.badRequest("Invalid input for field 'status': enabled or disabled.");
        }
        Optional<String> reason = in.string("disabled_reason", 255);
        if (reason.isPresent() && !"disabled".equals(status.orElse(null))) {
            throw ApiException.badRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.");
        }
        boolean enabled = status.map(s -> s.equals("enabled")).orElse(host.enabled());
        Boolean forcedDown = in.bool("forced_down").orElse(null);
        change(host, enabled, enabled ? null : reason.orElse(host.disabledReason()), forcedDown);
        return Map.of("service", view(request, hosts.find(host.id()).orElseThrow()));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-services:delete", caller);
        ComputeHost host = ComputeApiVersion.atLeast(request, 2, 53) ? hosts.findByServiceId(id).orElseThrow(
                () -> notFound(id)) : seq(id);
        transactions.run(() -> {
            long servers = jdbc.sql("SELECT COUNT(*) FROM compute_instance WHERE host_id = ?").param(host.id())
                    .query(Long.class).single();
            if (servers > 0) {
                throw ApiException.conflict("Unable to delete compute service that is hosting instances. Migrate or "
                        + "delete the instances first.");
            }
            hosts.delete(host.id());
        });
        cache.invalidate();
        log.info("Deleted compute service and host host={}", host.hostname());
        return ResponseEntity.noContent().build();
    }

    /** Before 2.53: PUT /os-services/{enable,disable,disable-log-reason,force-down} with host and binary. */
    private Map<String, Object> legacy(String action, JsonNode body, HttpServletRequest request) {
        JsonFields in = JsonFields.ofObject(body, "body");
        String hostname = in.requiredNonBlank("host", 255);
        String binary = in.requiredNonBlank("binary", 255);
        ComputeHost host = hosts.findByHostname(hostname).filter(h -> binary.equals(BINARY))
                .orElseThrow(() -> ApiException.notFound("Service " + binary + " on host " + hostname
                        + " could not be found."));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("host", hostname);
        view.put("binary", binary);
        switch (action) {
            case "enable" -> {
                change(host, true, null, null);
                view.put("status", "enabled");
            }
            case "disable" -> {
                change(host, false, null, null);
                view.put("status", "disabled");
            }
            case "disable-log-reason" -> {
                String reason = in.requiredNonBlank("disabled_reason", 255);
                change(host, false, reason, null);
                view.put("status", "disabled");
                view.put("disabled_reason", reason);
            }
            case "force-down" -> {
                if (!ComputeApiVersion.atLeast(request, 2, 11)) {
                    throw ApiException.notFound("The resource could not be found.");
                }
                boolean forced = in.bool("forced_down").orElseThrow(
                        () -> ApiException.badRequest("'forced_down' is a required property."));
                change(host, host.enabled(), host.disabledReason(), forced);
                view.put("forced_down", forced);
            }
            default -> throw ApiException.notFound("Unknown action " + action + ".");
        }
        return Map.of("service", view);
    }

    private void change(ComputeHost host, boolean enabled, String reason, Boolean forcedDown) {
        transactions.run(() -> hosts.setService(host.id(), enabled, reason, forcedDown));
        cache.invalidate();
        log.info("Compute service changed host={} enabled={} disabled_reason=\"{}\" forced_down={}", host.hostname(),
                enabled, reason, forcedDown);
    }

    private Map<String, Object> view(HttpServletRequest request, ComputeHost host) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", ComputeApiVersion.atLeast(request, 2, 53) ? host.serviceId() : host.seq());
        view.put("binary", BINARY);
        view.put("disabled_reason", host.disabledReason());
        view.put("host", host.hostname());
        view.put("state", host.up(Instant.now(), settings.downAfterSeconds()) ? "up" : "down");
        view.put("status", host.enabled() ? "enabled" : "disabled");
        view.put("updated_at", NovaTimes.micros(host.lastHeartbeatAt()));
        view.put("zone", host.availabilityZone());
        if (ComputeApiVersion.atLeast(request, 2, 11)) {
            view.put("forced_down", host.forcedDown());
        }
        return view;
    }

    private ComputeHost seq(String id) {
        try {
            return hosts.findBySeq(Long.parseLong(id)).orElseThrow(() -> notFound(id));
        } catch (NumberFormatException e) {
            throw notFound(id);
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Service " + id + " could not be found.");
    }
}
