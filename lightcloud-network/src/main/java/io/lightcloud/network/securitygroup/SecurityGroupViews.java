package io.lightcloud.network.securitygroup;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.api.StandardAttributes;
import io.lightcloud.network.core.SecurityGroup;
import io.lightcloud.network.core.SecurityGroupRepository;
import io.lightcloud.network.core.SecurityGroupRule;
import io.lightcloud.network.tag.TagRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
public class SecurityGroupViews {
    private final SecurityGroupRepository repository;
    private final TagRepository tags;

    public SecurityGroupViews(SecurityGroupRepository repository, TagRepository tags) {
        this.repository = requireNonNull(repository, "repository is null");
        this.tags = requireNonNull(tags, "tags is null");
    }

    public Map<String, Object> view(SecurityGroup group) {
        return views(List.of(group)).get(0);
    }

    public List<Map<String, Object>> views(List<SecurityGroup> groups) {
        List<String> ids = groups.stream().map(SecurityGroup::id).toList();
        Map<String, List<SecurityGroupRule>> rules = new HashMap<>();
        repository.rules(ids).forEach(r -> rules.computeIfAbsent(r.securityGroupId(), k -> new ArrayList<>()).add(r));
        Map<String, List<String>> allTags = tags.tags(ids);
        return groups.stream().map(g -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", g.id());
            view.put("name", g.name());
            view.put("stateful", g.stateful());
            view.put("shared", false);
            view.put("security_group_rules", rules.getOrDefault(g.id(), List.of()).stream()
                    .map(SecurityGroupViews::ruleView).toList());
            StandardAttributes.add(view, g.projectId(), g.description(), allTags.getOrDefault(g.id(), List.of()),
                    g.revisionNumber(), g.createdAt(), g.updatedAt());
            return view;
        }).toList();
    }

    public static Map<String, Object> ruleView(SecurityGroupRule r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("security_group_id", r.securityGroupId());
        view.put("direction", r.direction());
        view.put("ethertype", r.ethertype());
        view.put("protocol", r.protocol());
        view.put("port_range_min", r.portRangeMin());
        view.put("port_range_max", r.portRangeMax());
        view.put("remote_ip_prefix", r.remoteIpPrefix());
        view.put("remote_group_id", r.remoteGroupId());
        view.put("remote_address_group_id", null);
        view.put("normalized_cidr", r.remoteIpPrefix());
        view.put("belongs_to_default_sg", null);
        StandardAttributes.add(view, r.projectId(), r.description(), List.of(), r.revisionNumber(), r.createdAt(),
                r.updatedAt());
        view.remove("tags");
        return view;
    }
}
