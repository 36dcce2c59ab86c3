package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.console.ConsoleAccess;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /servers/{id}/action}: one Nova action per body. Nova actions Lightcloud does not implement answer
 * 501 so that clients can tell them from a bad request.
 */
@RestController
public class ServerActionController {
    private static final Set<String> NOT_IMPLEMENTED = Set.of("createBackup", "migrate", "os-migrateLive",
            "evacuate", "shelve", "shelveOffload", "unshelve", "rescue", "unrescue", "changePassword",
            "injectNetworkInfo", "resetNetwork", "trigger_crash_dump", "addFixedIp", "removeFixedIp",
            "addSecurityGroup", "removeSecurityGroup", "addFloatingIp", "removeFloatingIp", "os-getSPICEConsole",
            "os-getRDPConsole", "os-getSerialConsole");

    private final ServerActions actions;
    private final ServerResetState resetState;
    private final ServerSnapshots snapshots;
    private final ConsoleAccess consoles;
    private final InstanceRepository instances;
    private final ServerContext context;
    private final ServerViews views;

    public ServerActionController(ServerActions actions, ServerResetState resetState, ServerSnapshots snapshots,
            ConsoleAccess consoles, InstanceRepository instances, ServerContext context, ServerViews views) {
        this.instances = requireNonNull(instances, "instances is null");
        this.context = requireNonNull(context, "context is null");
        this.views = requireNonNull(views, "views is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.resetState = requireNonNull(resetState, "resetState is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
    }

    @PostMapping("/compute/v2.1/servers/{id}/action")
    public Object action(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        if (body == null || !body.isObject() || body.size() != 1) {
            throw ApiException.badRequest("The request body must hold exactly one action.");
        }
        String action = body.propertyNames().iterator().next();
        JsonNode args = body.get(action);
        switch (action) {
            case "os-stop" -> actions.stop(caller, id);
            case "os-start" -> actions.start(caller, id);
            case "reboot" -> actions.reboot(caller, id, rebootType(args));
            case "pause" -> actions.pause(caller, id);
            case "unpause" -> actions.unpause(caller, id);
            case "suspend" -> actions.suspend(caller, id);
            case "resume" -> actions.resume(caller, id);
            case "resize" -> actions.resize(caller, id, JsonFields.of(body, "resize").requiredNonBlank("flavorRef", 255));
            case "confirmResize" -> {
                actions.confirmResize(caller, id);
                return ResponseEntity.noContent().build();
            }
            case "revertResize" -> actions.revertResize(caller, id);
            case "rebuild" -> {
                return rebuild(caller, id, body, request);
            }
            case "lock" -> actions.lock(caller, id, lockReason(args, request));
            case "unlock" -> actions.unlock(caller, id);
            case "os-resetState" -> resetState.reset(caller, id, JsonFields.of(body, "os-resetState")
                    .requiredNonBlank("state", 16));
            case "createImage" -> {
                return snapshots.create(caller, id, JsonFields.of(body, "createImage"), request);
            }
            case "os-getConsoleOutput" -> {
                return Map.of("output", consoles.output(caller, id, length(args)));
            }
            case "os-getVNCConsole" -> {
                String type = JsonFields.of(body, "os-getVNCConsole").requiredString("type", 32);
                if (!type.equals("novnc")) {
                    throw ApiException.badRequest("Invalid input for field 'type': '" + type + "' is not supported; "
                            + "Lightcloud offers novnc consoles.");
                }
                return Map.of("console", Map.of("type", type, "url", consoles.vncUrl(caller, id, request)));
            }
            case "forceDelete", "restore" -> throw ApiException.conflict("Cannot '" + action + "' instance " + id
                    + ": Lightcloud deletes servers immediately, there are no soft-deleted servers.");
            default -> {
                if (NOT_IMPLEMENTED.contains(action)) {
                    throw new ApiException(501, "The action " + action + " is not implemented by Lightcloud.");
                }
                throw ApiException.badRequest("There is no such action: " + action);
            }
        }
        return ResponseEntity.accepted().build();
    }

    private Object rebuild(AuthContext caller, String id, JsonNode body, HttpServletRequest request) {
        JsonFields in = JsonFields.of(body, "rebuild");
        Set<String> allowed = new HashSet<>(Set.of("imageRef", "name", "adminPass", "metadata",
                "preserve_ephemeral", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "personality"));
        if (ComputeApiVersion.atLeast(request, 2, 19)) {
            allowed.add("description");
        }
        if (ComputeApiVersion.atLeast(request, 2, 54)) {
            allowed.add("key_name");
        }
        if (ComputeApiVersion.atLeast(request, 2, 57)) {
            allowed.add("user_data");
            allowed.remove("personality");
        }
        in.allowOnly(allowed);
        if (in.has("personality")) {
            throw ApiException.badRequest("File injection (personality) is not supported.");
        }
        String userData = in.string("user_data", 65535).orElse(null);
        if (userData != null) {
            UserData.check(userData, "rebuild.user_data");
        }
        Map<String, String> metadata = in.has("metadata")
                ? ServerMetadataController.metadata(in.object("metadata").orElse(null)) : null;
        String name = in.string("name", 255).orElse(null);
        if (name != null && (name.isBlank() || !name.equals(name.strip()))) {
            throw ApiException.badRequest("Invalid input for field 'rebuild.name'.");
        }
        String adminPass = AdminPasswords.requestedOrGenerated(body, "rebuild");
        actions.rebuild(caller, id, new ServerActions.Rebuild(in.requiredNonBlank("imageRef", 255), name,
                in.string("description", 255).orElse(null), metadata, in.string("key_name", 255).orElse(null),
                in.has("key_name"), userData, in.has("user_data")));
        return ResponseEntity.accepted().body(rebuiltView(caller, id, request, adminPass));
    }

    private Map<String, Object> rebuiltView(AuthContext caller, String id, HttpServletRequest request,
            String adminPass) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        Map<String, Object> view = new LinkedHashMap<>(views.show(views.rendering(request, caller,
                instance.projectId()), instance, context.load(List.of(instance)), true));
        view.put("adminPass", adminPass);
        return Map.of("server", view);
    }

    private static boolean rebootType(JsonNode args) {
        if (args == null || !args.isObject() || !args.has("type") || !args.get("type").isString()) {
            throw ApiException.badRequest("Invalid input for field 'reboot.type': SOFT or HARD is required.");
        }
        String type = args.get("type").stringValue().toUpperCase(Locale.ROOT);
        if (!List.of("SOFT", "HARD").contains(type)) {
            throw ApiException.badRequest("Argument 'type' for reboot must be a string with value 'SOFT' or 'HARD'");
        }
        return type.equals("HARD");
    }

    private static String lockReason(JsonNode args, HttpServletRequest request) {
        if (args == null || args.isNull() || (args.isObject() && args.isEmpty())) {
            return null;
        }
        if (!ComputeApiVersion.atLeast(request, 2, 73) || !args.isObject()) {
            throw ApiException.badRequest("Invalid input for field 'lock': a locked_reason needs microversion 2.73.");
        }
        JsonFields in = JsonFields.ofObject(args, "lock").allowOnly(Set.of("locked_reason"));
        return in.string("locked_reason", 255).orElse(null);
    }

    private static Integer length(JsonNode args) {
        if (args == null || args.isNull() || !args.has("length") || args.get("length").isNull()) {
            return null;
        }
        JsonNode value = args.get("length");
        long length;
        if (value.isIntegralNumber()) {
            length = value.longValue();
        } else if (value.isString() && value.stringValue().matches("-?\\d{1,9}")) {
            length = Long.parseLong(value.stringValue());
        } else {
            throw ApiException.badRequest("Invalid input for field 'length': an integer is expected.");
        }
        if (length < -1) {
            throw ApiException.badRequest("Invalid input for field 'length': it must be -1 or more.");
        }
        return length == -1 ? null : (int) length;
    }
}
