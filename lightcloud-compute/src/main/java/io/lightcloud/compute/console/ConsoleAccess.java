package io.lightcloud.compute.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.instance.VmState;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The console API: the serial console log the agent pushes, and VNC console URLs with one-time tokens. The URL
 * leads to the dashboard's noVNC page under {@code /lightcloud/v1/console/vnc.html}.
 */
@Component
public class ConsoleAccess {
    private static final Set<String> RUNNING = Set.of(VmState.ACTIVE, VmState.PAUSED, VmState.RESIZED);

    private final InstanceRepository instances;
    private final ConsoleTokens tokens;
    private final PolicyEnforcer policy;
    private final ExternalUrl externalUrl;
    private final JdbcClient jdbc;

    public ConsoleAccess(InstanceRepository instances, ConsoleTokens tokens, PolicyEnforcer policy,
            ExternalUrl externalUrl, JdbcClient jdbc) {
        this.instances = requireNonNull(instances, "instances is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** The last {@code length} lines of the serial console (all when null), as Nova's os-getConsoleOutput. */
    public String output(AuthContext caller, String id, Integer length) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-console-output", caller, ServerAccess.target(instance));
        if (instance.hostId() == null) {
            throw ApiException.conflict("Instance " + id + " has not been scheduled to a host yet.");
        }
        String content = jdbc.sql("SELECT content FROM compute_console_log WHERE instance_id = ?").param(id)
                .query(String.class).optional().orElse("");
        if (length == null) {
            return content;
        }
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - length), lines.size());
        return tail.isEmpty() ? "" : String.join("\n", tail) + "\n";
    }

    /** Issues a one-time token for the server's VNC console and returns the URL that redeems it. */
    public String vncUrl(AuthContext caller, String id, HttpServletRequest request) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-remote-consoles", caller, ServerAccess.target(instance));
        if (instance.hostId() == null || !RUNNING.contains(instance.vmState())) {
            throw ApiException.conflict("Instance " + id + " is not ready: its console is available while it runs.");
        }
        String token = tokens.issue(id, "novnc");
        return externalUrl.resolve(request) + "/lightcloud/v1/console/vnc.html?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
