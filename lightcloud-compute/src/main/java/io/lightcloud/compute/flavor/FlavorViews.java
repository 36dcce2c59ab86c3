package io.lightcloud.compute.flavor;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaLinks;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Nova's flavor bodies at the request's microversion. */
@Component
public class FlavorViews {
    private final NovaLinks links;

    public FlavorViews(NovaLinks links) {
        this.links = requireNonNull(links, "links is null");
    }

    public Map<String, Object> basic(HttpServletRequest request, Flavor flavor) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flavor.id());
        view.put("name", flavor.name());
        view.put("links", links.of(request, "flavors", flavor.id()));
        if (ComputeApiVersion.atLeast(request, 2, 55)) {
            view.put("description", flavor.description());
        }
        return view;
    }

    public Map<String, Object> detail(HttpServletRequest request, Flavor flavor, boolean withExtraSpecs) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flavor.id());
        view.put("name", flavor.name());
        view.put("ram", flavor.memoryMb());
        view.put("disk", flavor.rootGb());
        boolean zeroSwap = ComputeApiVersion.atLeast(request, 2, 75);
        view.put("swap", flavor.swapMb() == 0 && !zeroSwap ? "" : flavor.swapMb());
        view.put("OS-FLV-EXT-DATA:ephemeral", flavor.ephemeralGb());
        view.put("OS-FLV-DISABLED:disabled", flavor.disabled());
        view.put("vcpus", flavor.vcpus());
        view.put("os-flavor-access:is_public", flavor.isPublic());
        view.put("rxtx_factor", flavor.rxtxFactor());
        view.put("links", links.of(request, "flavors", flavor.id()));
        if (ComputeApiVersion.atLeast(request, 2, 55)) {
            view.put("description", flavor.description());
        }
        if (withExtraSpecs && ComputeApiVersion.atLeast(request, 2, 61)) {
            view.put("extra_specs", flavor.extraSpecs());
        }
        return view;
    }
}
