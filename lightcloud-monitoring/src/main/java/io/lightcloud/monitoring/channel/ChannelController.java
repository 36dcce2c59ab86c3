package io.lightcloud.monitoring.channel;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A project's notification channels. Secrets (robot signing secrets, webhook secrets, SMTP passwords) are written,
 * never read back: views show whether one is set. {@code POST /{id}/test} sends a sample message and answers how
 * the delivery went.
 */
@RestController
@RequestMapping("/lightcloud/v1/alert-channels")
public class ChannelController {
    private static final Set<String> SECRET_FIELDS = Set.of("secret", "password");
    private static final Set<String> URL_FIELDS = Set.of("url");

    private final ChannelRepository channels;
    private final Deliveries deliveries;
    private final PolicyEnforcer policy;

    public ChannelController(ChannelRepository channels, Deliveries deliveries, PolicyEnforcer policy) {
        this.channels = requireNonNull(channels, "channels is null");
        this.deliveries = requireNonNull(deliveries, "deliveries is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller) {
        String project = projectOf(caller);
        policy.enforce("lightcloud:alerting:read", caller, Map.of("target.project_id", project));
        return Map.of("alert_channels", channels.ofProject(project).stream().map(ChannelController::view).toList());
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id) {
        Channel channel = visible(caller, id);
        policy.enforce("lightcloud:alerting:read", caller, Map.of("target.project_id", channel.projectId()));
        return Map.of("alert_channel", view(channel));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller,
            @RequestBody(required = false) JsonNode body) {
        String project = projectOf(caller);
        policy.enforce("lightcloud:alerting:write", caller, Map.of("target.project_id", project));
        JsonFields in = JsonFields.of(body, "alert_channel").allowOnly(Set.of("name", "type", "language", "config"));
        String typeName = in.requiredNonBlank("type", 16);
        Channel.Type type;
        try {
            type = Channel.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid input for field 'alert_channel.type': '" + typeName
                    + "' is not one of dingtalk, wecom, email, webhook.");
        }
        JsonNode config = config(in, type);
        Instant now = Instant.now();
        Channel channel = new Channel(UUID.randomUUID().toString(), project, in.requiredNonBlank("name", 255), type,
                language(in), config, now, now);
        channels.insert(channel);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("alert_channel", view(channel)));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id,
            @RequestBody(required = false) JsonNode body) {
        Channel existing = visible(caller, id);
        policy.enforce("lightcloud:alerting:write", caller, Map.of("target.project_id", existing.projectId()));
        JsonFields in = JsonFields.of(body, "alert_channel").allowOnly(Set.of("name", "language", "config"));
        JsonNode config = existing.config();
        if (in.has("config")) {
            ObjectNode merged = ((ObjectNode) config(in, existing.type())).deepCopy();
            // A secret left out of an update keeps its value: views never show it, so clients cannot send it back.
            for (String secret : SECRET_FIELDS) {
                if (!merged.has(secret) && existing.config().has(secret)) {
                    merged.set(secret, existing.config().get(secret));
                }
            }
            config = merged;
        }
        Channel channel = new Channel(existing.id(), existing.projectId(),
                in.string("name", 255).filter(n -> !n.isBlank()).orElse(existing.name()), existing.type(),
                in.has("language") ? language(in) : existing.language(), config, existing.createdAt(), Instant.now());
        channels.update(channel);
        return Map.of("alert_channel", view(channel));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        Channel channel = visible(caller, id);
        policy.enforce("lightcloud:alerting:write", caller, Map.of("target.project_id", channel.projectId()));
        channels.delete(channel.id());
        return ResponseEntity.noContent().build();
    }

    /** Sends a sample alert in the channel's language; 200 with the delivery result either way. */
    @PostMapping("/{id}/test")
    public Map<String, Object> test(AuthContext caller, @PathVariable String id) {
        Channel channel = visible(caller, id);
        policy.enforce("lightcloud:alerting:write", caller, Map.of("target.project_id", channel.projectId()));
        AlertNotification sample = new AlertNotification("test", channel.language() == Channel.Language.ZH_CN
                ? "测试消息" : "Test message", channel.projectId(), "cpu_percent", ">", 80, "info",
                List.of(new AlertNotification.Alert("firing", Map.of("instance_id", "00000000-0000-0000-0000-"
                        + "000000000000"), "85", Instant.now(), null)),
                RobotHttp.JSON.createObjectNode().put("status", "firing").put("receiver", "lightcloud-test"));
        Deliveries.Result result = deliveries.deliver(channel, MessageTemplates.render(sample, channel.language()),
                sample);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("delivered", result.delivered());
        view.put("attempts", result.attempts());
        view.put("error", result.error());
        return Map.of("test", view);
    }

    private JsonNode config(JsonFields in, Channel.Type type) {
        JsonFields config = in.object("config").orElseThrow(() -> ApiException.badRequest(
                "'alert_channel.config' is a required property."));
        if (config.raw().toString().length() > 4096) {
            throw ApiException.badRequest("Invalid input for field 'alert_channel.config': it is too large.");
        }
        deliveries.sender(type).validate(config.raw());
        return config.raw();
    }

    private static Channel.Language language(JsonFields in) {
        String tag = in.string("language", 8).orElse("zh-CN");
        try {
            return Channel.Language.parse(tag);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid input for field 'alert_channel.language': '" + tag
                    + "' is not one of zh-CN, en.");
        }
    }

    private Channel visible(AuthContext caller, String id) {
        return channels.find(id).filter(c -> caller.isAdmin() || c.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ApiException.notFound("Alert channel " + id + " could not be found."));
    }

    private static String projectOf(AuthContext caller) {
        if (caller.projectId() == null) {
            throw ApiException.forbidden("Alert channels belong to a project: use a project-scoped token.");
        }
        return caller.projectId();
    }

    static Map<String, Object> view(Channel channel) {
        Map<String, Object> config = new LinkedHashMap<>();
        channel.config().properties().forEach(e -> {
            if (SECRET_FIELDS.contains(e.getKey())) {
                config.put(e.getKey() + "_set", true);
            } else if (URL_FIELDS.contains(e.getKey())) {
                config.put(e.getKey(), redactedUrl(e.getValue().asString()));
            } else {
                config.put(e.getKey(), e.getValue());
            }
        });
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", channel.id());
        view.put("project_id", channel.projectId());
        view.put("name", channel.name());
        view.put("type", channel.type().wire());
        view.put("language", channel.language().tag());
        view.put("config", config);
        view.put("created_at", Timestamps.seconds(channel.createdAt()));
        view.put("updated_at", Timestamps.seconds(channel.updatedAt()));
        return view;
    }

    /** Robot URLs carry their access token in the query: show only where they point. */
    private static String redactedUrl(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
