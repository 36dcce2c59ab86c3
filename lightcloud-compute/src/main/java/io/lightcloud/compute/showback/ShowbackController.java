package io.lightcloud.compute.showback;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.usage.UsageClock;
import io.lightcloud.compute.usage.UsageFilter;
import io.lightcloud.compute.usage.UsagePeriod;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Showback: what a project, user or server used in a period and what that costs at the current price list, as JSON
 * or CSV ({@code format=csv}). Members see their own project; the admin sees any or all.
 */
@RestController
@RequestMapping("/lightcloud/v1/showback")
public class ShowbackController {
    private static final Set<String> PARAMETERS = Set.of("start", "end", "project_id", "user_id", "server_id",
            "group_by", "format");
    private static final Duration MAX_PERIOD = Duration.ofDays(400);

    private final ShowbackReport reports;
    private final PolicyEnforcer policy;
    private final UsageClock clock;

    public ShowbackController(ShowbackReport reports, PolicyEnforcer policy, UsageClock clock) {
        this.reports = requireNonNull(reports, "reports is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @GetMapping
    public ResponseEntity<?> report(AuthContext caller, HttpServletRequest request) {
        for (String name : request.getParameterMap().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw ApiException.badRequest("Unknown query parameter '" + name + "'; allowed are "
                        + PARAMETERS.stream().sorted().toList() + ".");
            }
        }
        Instant now = clock.now();
        String start = request.getParameter("start");
        if (start == null) {
            start = YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay().toString();
        }
        UsagePeriod period = UsagePeriod.parse(start, request.getParameter("end"), now);
        if (Duration.between(period.start(), period.stop()).compareTo(MAX_PERIOD) > 0) {
            throw ApiException.badRequest("The period is longer than " + MAX_PERIOD.toDays() + " days.");
        }
        ShowbackGrouping grouping = ShowbackGrouping.ofCode(valueOr(request, "group_by", "project"));
        if (grouping == null) {
            throw ApiException.badRequest("Invalid group_by '" + request.getParameter("group_by")
                    + "': one of project, user, server.");
        }
        String format = valueOr(request, "format", "json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw ApiException.badRequest("Invalid format '" + format + "': json or csv.");
        }
        String projectId = request.getParameter("project_id");
        if (projectId == null && !caller.isAdmin()) {
            projectId = caller.projectId();
        }
        if (projectId == null) {
            policy.enforce("lightcloud:showback:all_projects", caller);
        } else {
            policy.enforce("lightcloud:showback:show", caller, Map.of("target.project_id", projectId));
        }
        UsageFilter filter = new UsageFilter(projectId, request.getParameter("user_id"),
                request.getParameter("server_id"));
        ShowbackReport.Report report = reports.build(period, filter, grouping);
        if (format.equals("csv")) {
            String name = "showback-" + period.start().toString().substring(0, 10) + "-"
                    + period.stop().toString().substring(0, 10) + ".csv";
            return ResponseEntity.ok()
                    .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                    .body(ShowbackCsv.write(report));
        }
        return ResponseEntity.ok(Map.of("showback", view(report)));
    }

    private static String valueOr(HttpServletRequest request, String name, String fallback) {
        String value = request.getParameter(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static Map<String, Object> view(ShowbackReport.Report report) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("start", report.period().start().toString());
        view.put("end", report.period().stop().toString());
        view.put("currency", report.currency());
        view.put("group_by", report.grouping().code());
        view.put("lines", report.lines().stream().map(line -> {
            Map<String, Object> item = new LinkedHashMap<>(line.key());
            item.putAll(line.figures());
            return item;
        }).toList());
        view.put("totals", report.totals());
        return view;
    }
}
