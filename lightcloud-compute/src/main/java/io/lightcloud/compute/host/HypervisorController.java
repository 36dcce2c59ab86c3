package io.lightcloud.compute.host;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaLinks;
import io.lightcloud.compute.api.NovaPage;
import io.lightcloud.compute.placement.Inventory;
import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.placement.ResourceClass;
import io.lightcloud.compute.placement.Resources;
import io.lightcloud.compute.store.JsonText;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Nova's {@code os-hypervisors} over the registered hosts. Usage is what the scheduler allocated (Placement's
 * view, which includes the reserved host memory as Nova's does); the hypervisor type is {@code QEMU}, as Nova's
 * libvirt driver reports for KVM and TCG alike ({@code /lightcloud/v1/hosts} tells them apart).
 */
@RestController
@RequestMapping("/compute/v2.1/os-hypervisors")
public class HypervisorController {
    private final HostRepository hosts;
    private final PlacementRepository placement;
    private final HostSettings settings;
    private final PolicyEnforcer policy;
    private final NovaLinks links;
    private final JsonText json;
    private final JdbcClient jdbc;

    public HypervisorController(HostRepository hosts, PlacementRepository placement, HostSettings settings,
            PolicyEnforcer policy, NovaLinks links, JsonText json, JdbcClient jdbc) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.links = requireNonNull(links, "links is null");
        this.json = requireNonNull(json, "json is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @GetMapping
    public Map<String, Object> index(AuthContext caller, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-hypervisors:list", caller);
        return list(request, false);
    }

    @GetMapping("/detail")
    public Map<String, Object> detail(AuthContext caller, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-hypervisors:list-detail", caller);
        return list(request, true);
    }

    @GetMapping("/statistics")
    public Map<String, Object> statistics(AuthContext caller, HttpServletRequest request) {
        if (ComputeApiVersion.atLeast(request, 2, 88)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        policy.enforce("os_compute_api:os-hypervisors:statistics", caller);
        Map<String, Resources> usage = placement.allUsage();
        Map<String, Long> running = runningVms();
        long[] totals = new long[12];
        List<ComputeHost> registered = hosts.listRegistered();
        for (ComputeHost host : registered) {
            Stats stats = stats(host, usage.getOrDefault(host.id(), Resources.NONE), running);
            totals[0] += host.vcpus();
            totals[1] += host.memoryMb();
            totals[2] += host.diskGb();
            totals[3] += stats.vcpusUsed();
            totals[4] += stats.memoryUsed();
            totals[5] += stats.diskUsed();
            totals[6] += host.memoryMb() - stats.memoryUsed();
            totals[7] += host.diskGb() - stats.diskUsed();
            totals[8] += stats.runningVms();
            totals[9] += stats.diskAvailableLeast();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("count", registered.size());
        view.put("vcpus", totals[0]);
        view.put("memory_mb", totals[1]);
        view.put("local_gb", totals[2]);
        view.put("vcpus_used", totals[3]);
        view.put("memory_mb_used", totals[4]);
        view.put("local_gb_used", totals[5]);
        view.put("free_ram_mb", totals[6]);
        view.put("free_disk_gb", totals[7]);
        view.put("current_workload", 0);
        view.put("running_vms", totals[8]);
        view.put("disk_available_least", totals[9]);
        return Map.of("hypervisor_statistics", view);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-hypervisors:show", caller);
        ComputeHost host = find(id, request);
        Map<String, Object> view = view(request, host, true, placement.usage(host.id()), runningVms());
        withServers(request, host, view);
        return Map.of("hypervisor", view);
    }

    @GetMapping("/{id}/uptime")
    public Map<String, Object> uptime(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        if (ComputeApiVersion.atLeast(request, 2, 88)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        policy.enforce("os_compute_api:os-hypervisors:uptime", caller);
        ComputeHost host = find(id, request);
        if (host.uptime() == null) {
            throw new ApiException(501, "The agent of host " + host.hostname() + " has not reported its uptime.");
        }
        Map<String, Object> view = view(request, host, false, Resources.NONE, Map.of());
        view.put("uptime", host.uptime());
        return Map.of("hypervisor", view);
    }

    @GetMapping("/{pattern}/search")
    public Map<String, Object> search(AuthContext caller, @PathVariable String pattern, HttpServletRequest request) {
        if (ComputeApiVersion.atLeast(request, 2, 53)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        policy.enforce("os_compute_api:os-hypervisors:search", caller);
        List<Map<String, Object>> found = matching(pattern).stream()
                .map(h -> view(request, h, false, Resources.NONE, Map.of())).toList();
        return Map.of("hypervisors", found);
    }

    @GetMapping("/{pattern}/servers")
    public Map<String, Object> servers(AuthContext caller, @PathVariable String pattern, HttpServletRequest request) {
        if (ComputeApiVersion.atLeast(request, 2, 53)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        policy.enforce("os_compute_api:os-hypervisors:servers", caller);
        List<Map<String, Object>> found = new ArrayList<>();
        for (ComputeHost host : matching(pattern)) {
            Map<String, Object> view = view(request, host, false, Resources.NONE, Map.of());
            view.put("servers", servers(host));
            found.add(view);
        }
        return Map.of("hypervisors", found);
    }

    private Map<String, Object> list(HttpServletRequest request, boolean detail) {
        List<ComputeHost> registered = hosts.listRegistered();
        String pattern = ComputeApiVersion.atLeast(request, 2, 53)
                ? request.getParameter("hypervisor_hostname_pattern") : null;
        boolean paged = ComputeApiVersion.atLeast(request, 2, 33);
        NovaPage page = paged ? NovaPage.of(request) : new NovaPage(Integer.MAX_VALUE, null);
        if (pattern != null) {
            if (request.getParameter("limit") != null || page.marker() != null) {
                throw ApiException.badRequest("Paging over hypervisors with the hypervisor_hostname_pattern query "
                        + "parameter is not supported.");
            }
            registered = matching(pattern);
        }
        int start = 0;
        if (page.marker() != null) {
            start = -1;
            for (int i = 0; i < registered.size(); i++) {
                if (String.valueOf(idOf(request, registered.get(i))).equals(page.marker())) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw ApiException.badRequest("marker [" + page.marker() + "] not found");
            }
        }
        List<ComputeHost> items = registered.subList(start, (int) Math.min(registered.size(),
                (long) start + page.limit()));
        Map<String, Resources> usage = detail ? placement.allUsage() : Map.of();
        Map<String, Long> running = detail ? runningVms() : Map.of();
        List<Map<String, Object>> views = new ArrayList<>();
        for (ComputeHost host : items) {
            Map<String, Object> view = view(request, host, detail, usage.getOrDefault(host.id(), Resources.NONE),
                    running);
            withServers(request, host, view);
            views.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hypervisors", views);
        if (paged && pattern == null) {
            List<Map<String, Object>> next = links.next(request, detail ? "os-hypervisors/detail" : "os-hypervisors",
                    page, items.size(), items.isEmpty() ? null : String.valueOf(idOf(request, items.get(items.size() - 1))));
            if (!next.isEmpty()) {
                body.put("hypervisors_links", next);
            }
        }
        return body;
    }

    private record Stats(long vcpusUsed, long memoryUsed, long diskUsed, long runningVms, long diskAvailableLeast) {
    }

    private Stats stats(ComputeHost host, Resources used, Map<String, Long> running) {
        Inventory memory = placement.inventory(host.id()).get(ResourceClass.MEMORY_MB);
        long reserved = memory == null ? 0 : memory.reserved();
        long memoryUsed = used.memoryMb() + reserved;
        long diskFree = host.freeDiskGb() != null ? host.freeDiskGb() : host.diskGb() - used.diskGb();
        return new Stats(used.vcpus(), memoryUsed, used.diskGb(), running.getOrDefault(host.id(), 0L), diskFree);
    }

    private Map<String, Object> view(HttpServletRequest request, ComputeHost host, boolean detail, Resources used,
            Map<String, Long> running) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", idOf(request, host));
        view.put("hypervisor_hostname", host.hostname());
        view.put("state", host.up(Instant.now(), settings.downAfterSeconds()) ? "up" : "down");
        view.put("status", host.enabled() ? "enabled" : "disabled");
        if (!detail) {
            return view;
        }
        view.put("hypervisor_type", "QEMU");
        view.put("hypervisor_version", host.hypervisorVersion());
        view.put("host_ip", host.hostIp());
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("id", ComputeApiVersion.atLeast(request, 2, 53) ? host.serviceId() : host.seq());
        service.put("host", host.hostname());
        service.put("disabled_reason", host.disabledReason());
        view.put("service", service);
        if (ComputeApiVersion.atLeast(request, 2, 88)) {
            view.put("uptime", host.uptime());
            return view;
        }
        Stats stats = stats(host, used, running);
        view.put("vcpus", host.vcpus());
        view.put("memory_mb", host.memoryMb());
        view.put("local_gb", host.diskGb());
        view.put("vcpus_used", stats.vcpusUsed());
        view.put("memory_mb_used", stats.memoryUsed());
        view.put("local_gb_used", stats.diskUsed());
        view.put("free_ram_mb", host.memoryMb() - stats.memoryUsed());
        view.put("free_disk_gb", host.diskGb() - stats.diskUsed());
        view.put("current_workload", 0);
        view.put("running_vms", stats.runningVms());
        view.put("disk_available_least", stats.diskAvailableLeast());
        String cpuInfo = host.cpuInfo() == null ? "{}" : host.cpuInfo();
        view.put("cpu_info", ComputeApiVersion.atLeast(request, 2, 28) ? json.objectMap(cpuInfo) : cpuInfo);
        return view;
    }

    private void withServers(HttpServletRequest request, ComputeHost host, Map<String, Object> view) {
        String value = request.getParameter("with_servers");
        if (ComputeApiVersion.atLeast(request, 2, 53) && value != null
                && List.of("true", "1", "yes").contains(value.toLowerCase(Locale.ROOT))) {
            List<Map<String, Object>> servers = servers(host);
            if (!servers.isEmpty() || ComputeApiVersion.atLeast(request, 2, 75)) {
                view.put("servers", servers);
            }
        }
    }

    private List<Map<String, Object>> servers(ComputeHost host) {
        return jdbc.sql("SELECT id, seq FROM compute_instance WHERE host_id = ? AND deleted_at IS NULL ORDER BY seq")
                .param(host.id())
                .query((rs, row) -> Map.<String, Object>of("uuid", rs.getString("id"),
                        "name", String.format("instance-%08x", rs.getLong("seq"))))
                .list();
    }

    private Map<String, Long> runningVms() {
        Map<String, Long> running = new HashMap<>();
        jdbc.sql("SELECT host_id, COUNT(*) AS vms FROM compute_instance WHERE host_id IS NOT NULL AND deleted_at IS NULL "
                + "GROUP BY host_id").query(rs -> {
                    running.put(rs.getString("host_id"), rs.getLong("vms"));
                });
        return running;
    }

    private List<ComputeHost> matching(String pattern) {
        List<ComputeHost> found = hosts.listRegistered().stream()
                .filter(h -> h.hostname().contains(pattern)).toList();
        if (found.isEmpty()) {
            throw ApiException.notFound("No hypervisor matching '" + pattern + "' could be found.");
        }
        return found;
    }

    private ComputeHost find(String id, HttpServletRequest request) {
        if (ComputeApiVersion.atLeast(request, 2, 53)) {
            return hosts.find(id).filter(ComputeHost::registered).orElseThrow(() -> notFound(id));
        }
        try {
            return hosts.findBySeq(Long.parseLong(id)).filter(ComputeHost::registered).orElseThrow(() -> notFound(id));
        } catch (NumberFormatException e) {
            throw notFound(id);
        }
    }

    private static Object idOf(HttpServletRequest request, ComputeHost host) {
        return ComputeApiVersion.atLeast(request, 2, 53) ? host.id() : host.seq();
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Hypervisor with ID " + id + " could not be found.");
    }
}
