package io.lightcloud.common.agent;

import static java.util.Objects.requireNonNull;

/** The host an agent request authenticated as, with its per-host credential. */
public record AgentHost(String id, String hostname) {
    public AgentHost {
        requireNonNull(id, "id is null");
        requireNonNull(hostname, "hostname is null");
    }
}
