package io.lightcloud.network.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.common.api.ApiException;
import io.lightcloud.network.address.Ipv4;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** {@code GET /lightcloud/v1/agent/network}: a host's network desired state, long-polled. */
@RestController
public class NetworkAgentController {
    private static final long MAX_WAIT_SECONDS = 60;

    private final NetworkHosts hosts;
    private final NetworkStateWatcher watcher;

    public NetworkAgentController(NetworkHosts hosts, NetworkStateWatcher watcher) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.watcher = requireNonNull(watcher, "watcher is null");
    }

    @GetMapping("/lightcloud/v1/agent/network")
    public DeferredResult<Object> network(AgentHost agent,
            @RequestParam(name = "since", defaultValue = "-1") long since,
            @RequestParam(name = "wait", defaultValue = "0") long wait,
            @RequestParam(name = "tunnel_ip", required = false) String tunnelIp,
            @RequestParam(name = "physical_networks", defaultValue = "") String physicalNetworks) {
        if (wait < 0) {
            throw ApiException.badRequest("wait must be >= 0");
        }
        if (tunnelIp == null || !Ipv4.isValid(tunnelIp)) {
            throw ApiException.badRequest("tunnel_ip is required and must be an IPv4 address.");
        }
        List<String> physical = Arrays.stream(physicalNetworks.split(",")).map(String::trim)
                .filter(name -> !name.isEmpty()).distinct().sorted().toList();
        hosts.report(agent, tunnelIp, physical);
        return watcher.poll(agent.id(), since, Duration.ofSeconds(Math.min(wait, MAX_WAIT_SECONDS)));
    }
}
