package io.lightcloud.identity.group;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.core.Group;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A group's JSON, field for field as Keystone answers it. */
@Component
public class GroupViews {
    private final IdentityLinks links;

    public GroupViews(IdentityLinks links) {
        this.links = requireNonNull(links, "links is null");
    }

    public Map<String, Object> group(HttpServletRequest request, Group g) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", g.id());
        view.put("name", g.name());
        view.put("domain_id", g.domainId());
        view.put("description", g.description() == null ? "" : g.description());
        view.put("links", links.self(request, "/groups/" + g.id()));
        return view;
    }
}
