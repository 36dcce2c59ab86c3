package io.lightcloud.compute.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.compute.api.ComputeApiVersion;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Nova's remote-console API (microversion 2.6): VNC through noVNC is the console Lightcloud offers. */
@RestController
public class RemoteConsoleController {
    private final ConsoleAccess consoles;

    public RemoteConsoleController(ConsoleAccess consoles) {
        this.consoles = requireNonNull(consoles, "consoles is null");
    }

    @PostMapping("/compute/v2.1/servers/{id}/remote-consoles")
    public Map<String, Object> create(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        if (!ComputeApiVersion.atLeast(request, 2, 6)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        JsonFields in = JsonFields.of(body, "remote_console").allowOnly(Set.of("protocol", "type"));
        String protocol = in.requiredString("protocol", 16);
        String type = in.requiredString("type", 32);
        if (!protocol.equals("vnc") || !type.equals("novnc")) {
            throw ApiException.badRequest("Unavailable console type " + type + " for protocol " + protocol
                    + "; Lightcloud offers vnc/novnc.");
        }
        Map<String, Object> console = new LinkedHashMap<>();
        console.put("protocol", protocol);
        console.put("type", type);
        console.put("url", consoles.vncUrl(caller, id, request));
        return Map.of("remote_console", console);
    }
}
