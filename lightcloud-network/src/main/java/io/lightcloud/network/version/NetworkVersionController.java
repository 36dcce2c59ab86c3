package io.lightcloud.network.version;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.catalog.ExternalUrl;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Neutron's version discovery: {@code /network/} lists v2.0, {@code /network/v2.0} lists the resources. Both answer
 * without a token, as Neutron's do.
 */
@RestController
public class NetworkVersionController {
    private static final List<String[]> RESOURCES = List.of(
            new String[] {"network", "networks"}, new String[] {"subnet", "subnets"},
            new String[] {"port", "ports"}, new String[] {"router", "routers"},
            new String[] {"floatingip", "floatingips"}, new String[] {"security_group", "security-groups"},
            new String[] {"security_group_rule", "security-group-rules"}, new String[] {"quota", "quotas"},
            new String[] {"extension", "extensions"});

    private final ExternalUrl externalUrl;

    public NetworkVersionController(ExternalUrl externalUrl) {
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    @GetMapping({"/network", "/network/"})
    public Map<String, Object> versions(HttpServletRequest request) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.0");
        version.put("status", "CURRENT");
        version.put("links", List.of(Map.of("href", externalUrl.resolve(request) + "/network/v2.0/", "rel", "self")));
        return Map.of("versions", List.of(version));
    }

    @GetMapping({"/network/v2.0", "/network/v2.0/"})
    public Map<String, Object> resources(HttpServletRequest request) {
        String base = externalUrl.resolve(request) + "/network/v2.0/";
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String[] resource : RESOURCES) {
            resources.add(Map.of("name", resource[0], "collection", resource[1],
                    "links", List.of(Map.of("href", base + resource[1], "rel", "self"))));
        }
        return Map.of("resources", resources);
    }
}
