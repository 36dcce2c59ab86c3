package io.lightcloud.network.securitygroup;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.ListQuery;
import io.lightcloud.network.core.SecurityGroup;
import io.lightcloud.network.core.SecurityGroupRule;
import io.lightcloud.network.core.SecurityGroups;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /v2.0/security-groups} and {@code /v2.0/security-group-rules}. */
@RestController
public class SecurityGroupController {
    private static final String GROUPS = "/network/v2.0/security-groups";
    private static final String RULES = "/network/v2.0/security-group-rules";

    private final SecurityGroupService service;
    private final SecurityGroups groups;
    private final SecurityGroupViews views;
    private final ExternalUrl externalUrl;

    public SecurityGroupController(SecurityGroupService service, SecurityGroups groups, SecurityGroupViews views,
            ExternalUrl externalUrl) {
        this.service = requireNonNull(service, "service is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.views = requireNonNull(views, "views is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    @PostMapping(GROUPS)
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        SecurityGroup group = service.create(caller, JsonFields.of(body, "security_group"));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("security_group", views.view(group)));
    }

    @GetMapping(GROUPS)
    public Map<String, Object> list(AuthContext caller, HttpServletRequest request) {
        return query(request).answer("security_groups", views.views(groups.visible(caller)));
    }

    @GetMapping(GROUPS + "/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        return Map.of("security_group", query(request).project(views.view(groups.visible(caller, id))));
    }

    @PutMapping(GROUPS + "/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        return Map.of("security_group", views.view(service.update(caller, id, JsonFields.of(body, "security_group"))));
    }

    @DeleteMapping(GROUPS + "/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        service.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(RULES)
    public ResponseEntity<Map<String, Object>> createRule(AuthContext caller, @RequestBody JsonNode body) {
        SecurityGroupRule rule = service.createRule(caller, JsonFields.of(body, "security_group_rule"));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("security_group_rule", SecurityGroupViews.ruleView(rule)));
    }

    @GetMapping(RULES)
    public Map<String, Object> listRules(AuthContext caller, HttpServletRequest request) {
        return query(request).answer("security_group_rules",
                service.visibleRules(caller).stream().map(SecurityGroupViews::ruleView).toList());
    }

    @GetMapping(RULES + "/{id}")
    public Map<String, Object> showRule(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        return Map.of("security_group_rule",
                query(request).project(SecurityGroupViews.ruleView(service.visibleRule(caller, id))));
    }

    @DeleteMapping(RULES + "/{id}")
    public ResponseEntity<Void> deleteRule(AuthContext caller, @PathVariable String id) {
        service.deleteRule(caller, id);
        return ResponseEntity.noContent().build();
    }

    private ListQuery query(HttpServletRequest request) {
        return new ListQuery(request, externalUrl.resolve(request));
    }
}
