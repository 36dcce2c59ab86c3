package io.lightcloud.compute.action;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaTimes;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceAction;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.server.ServerViews;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Nova's {@code os-instance-actions}; from microversion 2.21 also for deleted servers. */
@RestController
@RequestMapping("/compute/v2.1/servers/{id}/os-instance-actions")
public class InstanceActionController {
    private final InstanceActionLog log;
    private final InstanceRepository instances;
    private final PolicyEnforcer policy;

    public InstanceActionController(InstanceActionLog log, InstanceRepository instances, PolicyEnforcer policy) {
        this.log = requireNonNull(log, "log is null");
        this.instances = requireNonNull(instances, "instances is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        Instance instance = server(caller, id, request);
        policy.enforce("os_compute_api:os-instance-actions:list", caller, ServerAccess.target(instance));
        List<InstanceAction> all = log.list(id);
        int limit = Integer.MAX_VALUE;
        if (ComputeApiVersion.atLeast(request, 2, 58)) {
            String marker = request.getParameter("marker");
            if (marker != null) {
                int index = -1;
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).requestId().equals(marker)) {
                        index = i;
                    }
                }
                if (index < 0) {
                    throw ApiException.badRequest("Marker " + marker + " could not be found.");
                }
                all = all.subList(index + 1, all.size());
            }
            if (request.getParameter("limit") != null) {
                try {
                    limit = Math.max(0, Integer.parseInt(request.getParameter("limit")));
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("limit param must be an integer");
                }
            }
        }
        List<Map<String, Object>> views = new ArrayList<>();
        for (InstanceAction action : all.subList(0, Math.min(all.size(), limit))) {
            views.add(view(action, request));
        }
        return Map.of("instanceActions", views);
    }

    @GetMapping("/{requestId}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, @PathVariable String requestId,
            HttpServletRequest request) {
        Instance instance = server(caller, id, request);
        policy.enforce("os_compute_api:os-instance-actions:show", caller, ServerAccess.target(instance));
        InstanceAction action = log.find(id, requestId).orElseThrow(() -> ApiException.notFound(
                "Action for request_id " + requestId + " on instance " + id + " not found"));
        Map<String, Object> view = view(action, request);
        boolean admin = policy.allows("os_compute_api:os-instance-actions:events", caller, ServerAccess.target(instance));
        if (admin || ComputeApiVersion.atLeast(request, 2, 51)) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (InstanceAction.Event event : action.events()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("event", event.event());
                e.put("start_time", NovaTimes.micros(event.startTime()));
                e.put("finish_time", NovaTimes.micros(event.finishTime()));
                e.put("result", event.result());
                if (admin) {
                    e.put("traceback", event.traceback());
                }
                if (ComputeApiVersion.atLeast(request, 2, 62)) {
                    if (admin) {
                        e.put("host", event.host());
                    }
                    e.put("hostId", event.host() == null ? "" : hostId(instance, event.host()));
                }
                if (ComputeApiVersion.atLeast(request, 2, 84)) {
                    e.put("details", event.details());
                }
                events.add(e);
            }
            view.put("events", events);
        }
        return Map.of("instanceAction", view);
    }

    private Instance server(AuthContext caller, String id, HttpServletRequest request) {
        Optional<Instance> found = ComputeApiVersion.atLeast(request, 2, 21) ? instances.findIncludingDeleted(id)
                : instances.find(id);
        return ServerAccess.visible(found, id, caller);
    }

    private static Map<String, Object> view(InstanceAction action, HttpServletRequest request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("action", action.action());
        view.put("instance_uuid", action.instanceId());
        view.put("message", action.message());
        view.put("project_id", action.projectId());
        view.put("request_id", action.requestId());
        view.put("start_time", NovaTimes.micros(action.startTime()));
        view.put("user_id", action.userId());
        if (ComputeApiVersion.atLeast(request, 2, 58)) {
            view.put("updated_at", NovaTimes.micros(action.updatedAt()));
        }
        return view;
    }

    private static String hostId(Instance instance, String hostname) {
        return ServerViews.hostId(instance.projectId(), hostname);
    }
}
