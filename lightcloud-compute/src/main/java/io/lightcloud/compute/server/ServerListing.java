package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaPage;
import io.lightcloud.compute.api.NovaQueryParameters;
import io.lightcloud.compute.host.ComputeHost;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceQuery;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.VmState;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.stereotype.Component;

/**
 * Nova's server list filters, sorting and paging. Filters a non-admin may not use are ignored, as Nova ignores
 * them; from microversion 2.75 an unknown query parameter is a 400.
 */
@Component
public class ServerListing {
    private static final Set<String> PARAMETERS = Set.of("all_tenants", "project_id", "tenant_id", "name", "status",
            "image", "flavor", "host", "node", "changes-since", "changes-before", "tags", "tags-any", "not-tags",
            "not-tags-any", "locked", "availability_zone", "reservation_id", "user_id", "deleted", "limit", "marker",
            "sort_key", "sort_dir", "ip", "ip6", "ip6-filtered", "hostname", "key_name", "launched_at",
            "terminated_at", "uuid", "vm_state", "task_state", "power_state", "progress", "description",
            "access_ip_v4", "access_ip_v6", "config_drive", "created_at", "updated_at", "launch_index",
            "kernel_id", "ramdisk_id", "root_device_name", "auto_disk_config", "instance_type_id", "image_ref",
            "display_name", "display_description", "vm_mode", "pinned_availability_zone");
    private static final Set<String> ADMIN_ONLY = Set.of("host", "node", "user_id", "deleted", "availability_zone",
            "hostname", "key_name", "vm_state", "task_state", "power_state", "launched_at", "terminated_at",
            "uuid", "project_id", "tenant_id");
    private static final Map<String, Function<Instance, Comparable<?>>> SORT_KEYS = sortKeys();

    private final InstanceRepository instances;
    private final HostRepository hosts;
    private final PolicyEnforcer policy;

    public ServerListing(InstanceRepository instances, HostRepository hosts, PolicyEnforcer policy) {
        this.instances = requireNonNull(instances, "instances is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public List<Instance> list(AuthContext caller, HttpServletRequest request, boolean detail, NovaPage page) {
        Map<String, String> params = new HashMap<>();
        request.getParameterMap().forEach((k, v) -> params.put(k, v.length == 0 ? "" : v[0]));
        NovaQueryParameters.refuseUnknown(request, PARAMETERS);
        String rule = detail ? "os_compute_api:servers:detail" : "os_compute_api:servers:index";
        policy.enforce(rule, caller, Map.of("target.project_id", caller.projectId() == null ? "" : caller.projectId()));
        boolean allTenants = params.containsKey("all_tenants") && !isFalse(params.get("all_tenants"));
        if (allTenants) {
            policy.enforce(rule + ":get_all_tenants", caller);
        }
        boolean admin = policy.allows("os_compute_api:servers:allow_all_filters", caller, Map.of());
        if (!admin) {
            params.keySet().removeIf(ADMIN_ONLY::contains);
        }
        String projectId = caller.projectId();
        if (allTenants) {
            projectId = params.containsKey("project_id") ? params.get("project_id") : params.get("tenant_id");
        }
        if (projectId == null && !allTenants) {
            throw ApiException.badRequest("Listing servers needs a project-scoped token.");
        }
        String hostId = null;
        if (params.containsKey("host") || params.containsKey("node")) {
            String name = params.containsKey("host") ? params.get("host") : params.get("node");
            ComputeHost host = hosts.findByHostname(name).orElse(null);
            if (host == null) {
                return List.of();
            }
            hostId = host.id();
        }
        Set<String> vmStates = statuses(params.get("status"));
        if (params.containsKey("vm_state")) {
            vmStates = Set.of(params.get("vm_state"));
        }
        boolean deleted = params.containsKey("deleted") && !isFalse(params.get("deleted"));
        OffsetDateTime since = time(params, "changes-since");
        OffsetDateTime before = ComputeApiVersion.atLeast(request, 2, 66) ? time(params, "changes-before") : null;
        if (since != null && before != null && before.isBefore(since)) {
            throw ApiException.badRequest("The value of changes-since must be less than or equal to changes-before.");
        }
        boolean tagged = ComputeApiVersion.atLeast(request, 2, 26);
        Boolean locked = ComputeApiVersion.atLeast(request, 2, 73) && params.containsKey("locked")
                ? !isFalse(params.get("locked")) : null;
        InstanceQuery query = new InstanceQuery(projectId, params.get("user_id"),
                since != null ? since : deleted ? OffsetDateTime.parse("1970-01-01T00:00:00Z") : null,
                before, hostId, imageFilter(params.get("image")), flavorFilter(params.get("flavor")),
                params.get("availability_zone"), params.get("reservation_id"), vmStates, locked,
                tagged ? tags(params, "tags") : List.of(), tagged ? tags(params, "tags-any") : List.of(),
                tagged ? tags(params, "not-tags") : List.of(), tagged ? tags(params, "not-tags-any") : List.of());
        if (params.containsKey("ip") || params.containsKey("ip6")) {
            return List.of();
        }
        List<Instance> found = new ArrayList<>(instances.list(query));
        if (deleted) {
            found.removeIf(i -> !i.deleted());
        }
        if (params.containsKey("name")) {
            Pattern name = pattern(params.get("name"));
            found.removeIf(i -> !name.matcher(i.name()).find());
        }
        if (admin && params.containsKey("hostname")) {
            found.removeIf(i -> !params.get("hostname").equals(i.hostname()));
        }
        if (admin && params.containsKey("uuid")) {
            found.removeIf(i -> !params.get("uuid").equals(i.id()));
        }
        if (admin && params.containsKey("key_name")) {
            found.removeIf(i -> !params.get("key_name").equals(i.keyName()));
        }
        if (admin && params.containsKey("task_state")) {
            found.removeIf(i -> !params.get("task_state").equals(i.taskState()));
        }
        found.sort(order(request, admin));
        return page(found, page);
    }

    private static List<Instance> page(List<Instance> sorted, NovaPage page) {
        int start = 0;
        if (page.marker() != null) {
            start = -1;
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).id().equals(page.marker())) {
                    start = i + 1;
                    break;
                }
            }
            if (start < 0) {
                throw ApiException.badRequest("marker [" + page.marker() + "] not found");
            }
        }
        return sorted.subList(start, Math.min(sorted.size(), start + page.limit()));
    }

    private static Comparator<Instance> order(HttpServletRequest request, boolean admin) {
        String[] keys = request.getParameterValues("sort_key");
        String[] dirs = request.getParameterValues("sort_dir");
        if (keys == null || keys.length == 0) {
            Comparator<Instance> byCreated = Comparator.comparing(Instance::createdAt);
            return byCreated.reversed().thenComparing(Comparator.comparingLong(Instance::seq).reversed());
        }
        Comparator<Instance> order = null;
        for (int i = 0; i < keys.length; i++) {
            String key = keys[i];
            if ((key.equals("host") || key.equals("node")) && !admin) {
                throw ApiException.forbidden("Only administrators can sort servers by " + key);
            }
            Function<Instance, Comparable<?>> extractor = SORT_KEYS.get(key);
            if (extractor == null) {
                throw ApiException.badRequest("Invalid input for query parameters sort_key. Value: " + key + ".");
            }
            String dir = dirs == null || dirs.length == 0 ? "desc" : dirs[Math.min(i, dirs.length - 1)];
            if (!dir.equals("asc") && !dir.equals("desc")) {
                throw ApiException.badRequest("Invalid input for query parameters sort_dir. Value: " + dir + ".");
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            Comparator<Instance> byKey = Comparator.comparing(x -> (Comparable) extractor.apply(x),
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            byKey = dir.equals("asc") ? byKey : byKey.reversed();
            order = order == null ? byKey : order.thenComparing(byKey);
        }
        return order.thenComparing(Comparator.comparingLong(Instance::seq).reversed());
    }

    private static Map<String, Function<Instance, Comparable<?>>> sortKeys() {
        Map<String, Function<Instance, Comparable<?>>> keys = new HashMap<>();
        keys.put("created_at", Instance::createdAt);
        keys.put("updated_at", Instance::updatedAt);
        keys.put("launched_at", Instance::launchedAt);
        keys.put("terminated_at", Instance::terminatedAt);
        keys.put("display_name", Instance::name);
        keys.put("display_description", Instance::description);
        keys.put("uuid", Instance::id);
        keys.put("vm_state", Instance::vmState);
        keys.put("task_state", Instance::taskState);
        keys.put("power_state", i -> i.powerState().code());
        keys.put("availability_zone", Instance::availabilityZone);
        keys.put("key_name", Instance::keyName);
        keys.put("user_id", Instance::userId);
        keys.put("project_id", Instance::projectId);
        keys.put("hostname", Instance::hostname);
        keys.put("launch_index", Instance::launchIndex);
        keys.put("host", Instance::hostId);
        keys.put("node", Instance::hostId);
        keys.put("access_ip_v4", Instance::accessIpV4);
        keys.put("access_ip_v6", Instance::accessIpV6);
        keys.put("config_drive", Instance::configDrive);
        keys.put("image_ref", Instance::imageId);
        keys.put("instance_type_id", i -> i.flavor().id());
        keys.put("locked_by", Instance::lockedBy);
        keys.put("progress", i -> 0);
        keys.put("auto_disk_config", i -> false);
        keys.put("kernel_id", i -> "");
        keys.put("ramdisk_id", i -> "");
        keys.put("root_device_name", i -> "/dev/vda");
        keys.put("vm_mode", i -> "hvm");
        return Map.copyOf(keys);
    }

    /** Nova's status filter: the vm_states whose status (for any task state) is one of the requested. */
    private static Set<String> statuses(String value) {
        if (value == null) {
            return null;
        }
        Set<String> wanted = new HashSet<>();
        Arrays.stream(value.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).forEach(wanted::add);
        Set<String> states = new HashSet<>();
        VmState.table().forEach((vmState, byTask) -> byTask.values().forEach(status -> {
            if (wanted.contains(status)) {
                states.add(vmState);
            }
        }));
        return states;
    }

    private static OffsetDateTime time(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Timestamps.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid filter field: " + name + ".");
        }
    }

    private static List<String> tags(Map<String, String> params, String name) {
        String value = params.get(name);
        return value == null || value.isEmpty() ? List.of() : List.of(value.split(","));
    }

    private static String imageFilter(String value) {
        return value == null ? null : ServerCreator.lastSegment(value);
    }

    private static String flavorFilter(String value) {
        return value == null ? null : ServerCreator.lastSegment(value);
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw ApiException.badRequest("Invalid name filter: '" + regex + "' is not a regular expression.");
        }
    }

    private static boolean isFalse(String value) {
        return Set.of("0", "false", "f", "no", "n", "off").contains(value.toLowerCase(Locale.ROOT));
    }
}
