package io.lightcloud.compute.usage;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaLinks;
import io.lightcloud.compute.api.NovaPage;
import io.lightcloud.compute.api.NovaTimes;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Nova's {@code os-simple-tenant-usage}, computed from the usage ledger. As in Nova, paging (from 2.40) is over
 * instances in creation order and the totals of a page cover the instances on it; an instance that never launched
 * has no usage and is not listed (Nova lists it with zero hours).
 */
@RestController
@RequestMapping("/compute/v2.1/os-simple-tenant-usage")
public class SimpleTenantUsageController {
    private static final String PATH = "os-simple-tenant-usage";

    private final InstanceUsageRepository usage;
    private final UsageClock clock;
    private final PolicyEnforcer policy;
    private final NovaLinks links;

    public SimpleTenantUsageController(InstanceUsageRepository usage, UsageClock clock, PolicyEnforcer policy,
            NovaLinks links) {
        this.usage = requireNonNull(usage, "usage is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.links = requireNonNull(links, "links is null");
    }

    @GetMapping
    public Map<String, Object> index(AuthContext caller, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-simple-tenant-usage:list", caller);
        Instant now = clock.now();
        UsagePeriod period = UsagePeriod.parse(request.getParameter("start"), request.getParameter("end"), now);
        boolean detailed = flag(request.getParameter("detailed"));
        Page page = page(request, usage.overlapping(period, UsageFilter.ALL), period, now);
        Map<String, Map<String, Object>> byProject = new LinkedHashMap<>();
        for (ServerUsage server : page.servers()) {
            byProject.computeIfAbsent(server.projectId(), p -> summary(p, period, detailed));
            add(byProject.get(server.projectId()), server, detailed);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_usages", new ArrayList<>(byProject.values()));
        putLinks(body, "tenant_usages_links", request, PATH, page);
        return body;
    }

    @GetMapping("/{projectId}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String projectId, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-simple-tenant-usage:show", caller, Map.of("target.project_id", projectId));
        Instant now = clock.now();
        UsagePeriod period = UsagePeriod.parse(request.getParameter("start"), request.getParameter("end"), now);
        Page page = page(request, usage.overlapping(period, UsageFilter.project(projectId)), period, now);
        Map<String, Object> summary = new LinkedHashMap<>();
        if (!page.servers().isEmpty()) {
            summary = summary(projectId, period, true);
            for (ServerUsage server : page.servers()) {
                add(summary, server, true);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_usage", summary);
        putLinks(body, "server_usages_links", request, PATH + "/" + projectId, page);
        return body;
    }

    private record Page(List<ServerUsage> servers, NovaPage paging) {
    }

    private static Page page(HttpServletRequest request, List<InstanceInterval> intervals, UsagePeriod period,
            Instant now) {
        List<ServerUsage> servers = ServerUsage.of(intervals, period, now);
        if (!ComputeApiVersion.atLeast(request, 2, 40)) {
            return new Page(servers, null);
        }
        NovaPage paging = NovaPage.of(request);
        int from = 0;
        if (paging.marker() != null) {
            int at = indexOf(servers, paging.marker());
            if (at < 0) {
                throw ApiException.badRequest("marker [" + paging.marker() + "] not found");
            }
            from = at + 1;
        }
        return new Page(servers.subList(from, Math.min(servers.size(), from + paging.limit())), paging);
    }

    private static int indexOf(List<ServerUsage> servers, String instanceId) {
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).instanceId().equals(instanceId)) {
                return i;
            }
        }
        return -1;
    }

    private void putLinks(Map<String, Object> body, String key, HttpServletRequest request, String path, Page page) {
        if (page.paging() == null || page.servers().isEmpty()) {
            return;
        }
        List<Map<String, Object>> next = links.next(request, path, page.paging(), page.servers().size(),
                page.servers().get(page.servers().size() - 1).instanceId());
        if (!next.isEmpty()) {
            body.put(key, next);
        }
    }

    private static boolean flag(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    private static Map<String, Object> summary(String projectId, UsagePeriod period, boolean detailed) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("tenant_id", projectId);
        if (detailed) {
            summary.put("server_usages", new ArrayList<Map<String, Object>>());
        }
        summary.put("total_local_gb_usage", 0.0);
        summary.put("total_vcpus_usage", 0.0);
        summary.put("total_memory_mb_usage", 0.0);
        summary.put("total_hours", 0.0);
        summary.put("start", NovaTimes.micros(period.start()));
        summary.put("stop", NovaTimes.micros(period.stop()));
        return summary;
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> summary, ServerUsage server, boolean detailed) {
        summary.merge("total_local_gb_usage", server.localGbHours(), UsageViews::plus);
        summary.merge("total_vcpus_usage", server.vcpuHours(), UsageViews::plus);
        summary.merge("total_memory_mb_usage", server.memoryMbHours(), UsageViews::plus);
        summary.merge("total_hours", server.hours(), UsageViews::plus);
        if (detailed) {
            ((List<Map<String, Object>>) summary.get("server_usages")).add(UsageViews.server(server));
        }
    }
}
