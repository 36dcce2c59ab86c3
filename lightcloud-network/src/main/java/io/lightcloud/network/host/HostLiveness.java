package io.lightcloud.network.host;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.NetworkProperties;
import io.lightcloud.network.host.AgentHostRepository.NetworkHost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Which hosts count as up for placing DHCP and routers: those whose agent polled lately. */
@Component
public class HostLiveness {
    private final AgentHostRepository hosts;
    private final Duration downAfter;

    public HostLiveness(AgentHostRepository hosts, NetworkProperties properties) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.downAfter = Duration.ofSeconds(properties.hostDownAfter());
    }

    public boolean isUp(String hostId) {
        return hostId != null && hosts.find(hostId).filter(this::isUp).isPresent();
    }

    public List<NetworkHost> upHosts() {
        return hosts.all().stream().filter(this::isUp).toList();
    }

    private boolean isUp(NetworkHost host) {
        return host.lastSeenAt().isAfter(Instant.now().minus(downAfter));
    }
}
