package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.common.api.ApiException;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The agent's long-poll for console tunnel requests ({@code docs/agent-protocol.md}): answers
 * {@code {"tunnels": [{"id", "instance_id", "path"}]}} as soon as a console of one of the host's servers is opened,
 * or an empty list when {@code wait} seconds pass.
 */
@RestController
public class AgentTunnelController {
    private static final long MAX_WAIT_SECONDS = 60;

    private final AgentTunnels tunnels;

    public AgentTunnelController(AgentTunnels tunnels) {
        this.tunnels = requireNonNull(tunnels, "tunnels is null");
    }

    @GetMapping("/lightcloud/v1/agent/console-tunnels")
    public DeferredResult<Object> poll(AgentHost agent, @RequestParam(name = "wait", defaultValue = "0") long wait) {
        if (wait < 0) {
            throw ApiException.badRequest("wait must be >= 0");
        }
        return tunnels.poll(agent.id(), Duration.ofSeconds(Math.min(wait, MAX_WAIT_SECONDS)));
    }
}
