package io.lightcloud.server.info;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.catalog.ServiceEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lightcloud's own discovery document: which services this controller runs and where. */
@RestController
@Tag(name = "Cloud", description = "What this Lightcloud controller serves")
public class CloudInfoController {
    private final List<ServiceEndpoint> services;
    private final ExternalUrl externalUrl;
    private final String region;
    private final String version;

    public CloudInfoController(List<ServiceEndpoint> services, ExternalUrl externalUrl,
            @Value("${lightcloud.region:RegionOne}") String region,
            @Value("${lightcloud.version:0.1.0}") String version) {
        this.services = List.copyOf(services);
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.region = requireNonNull(region, "region is null");
        this.version = requireNonNull(version, "version is null");
    }

    @GetMapping("/lightcloud/v1/info")
    @Operation(summary = "Describe the cloud", description = "The Lightcloud version, the region and the OpenStack "
            + "services this controller serves, with their URLs. Needs no token.")
    public Map<String, Object> info(HttpServletRequest request) {
        String base = externalUrl.resolve(request);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "Lightcloud");
        info.put("version", version);
        info.put("region", region);
        info.put("auth_url", base + "/identity/v3");
        info.put("services", services.stream().map(s -> Map.of("type", s.type(), "name", s.name(),
                "url", base + s.path())).toList());
        return Map.of("cloud", info);
    }
}
