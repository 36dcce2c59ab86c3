package io.lightcloud.identity.domain;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.core.Domain;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A domain's JSON, field for field as Keystone answers it. */
@Component
public class DomainViews {
    private final IdentityLinks links;

    public DomainViews(IdentityLinks links) {
        this.links = requireNonNull(links, "links is null");
    }

    public Map<String, Object> domain(HttpServletRequest request, Domain d) {
        Map<String, Object> view = new LinkedHashMap<>(d.extra());
        view.put("id", d.id());
        view.put("name", d.name());
        view.put("description", d.description() == null ? "" : d.description());
        view.put("enabled", d.enabled());
        view.put("tags", List.of());
        view.put("options", Map.of());
        view.put("links", links.self(request, "/domains/" + d.id()));
        return view;
    }
}
