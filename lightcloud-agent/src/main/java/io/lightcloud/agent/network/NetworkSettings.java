package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the agent wires networks on its host.
 *
 * @param tunnelIp this host's VXLAN endpoint address, sent to the controller and used as {@code local}
 * @param bridgeMappings flat physical network name to the host bridge it is on (e.g. {@code public -> br-ex})
 * @param stateDir where dnsmasq files, pid files and the metadata sockets live
 * @param namespacePrefix prepended to every namespace the agent creates, so that two agents on one machine do not
 *     collide; empty by default
 * @param hostNamespace the network namespace the agent treats as its host (commands run inside it); null for the
 *     agent's own namespace
 */
public record NetworkSettings(String tunnelIp, Map<String, String> bridgeMappings, Path stateDir,
        String namespacePrefix, String hostNamespace) {
    public NetworkSettings {
        requireNonNull(tunnelIp, "tunnelIp");
        bridgeMappings = Map.copyOf(bridgeMappings);
        requireNonNull(stateDir, "stateDir");
        requireNonNull(namespacePrefix, "namespacePrefix");
        if (hostNamespace != null && hostNamespace.isBlank()) {
            hostNamespace = null;
        }
    }

    /**
     * Where the network files of an agent live unless configured: dnsmasq drops to {@code nobody} and must read its
     * hosts file there, so this is a root-owned, world-traversable directory, unlike the private data directory.
     */
    public static final Path DEFAULT_STATE_DIR = Path.of("/run/lightcloud/network");

    /** Parses {@code public:br-ex,other:br-other}. */
    public static Map<String, String> parseBridgeMappings(String text) {
        Map<String, String> mappings = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return mappings;
        }
        for (String entry : text.split(",")) {
            String[] parts = entry.strip().split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("a bridge mapping must look like <physical network>:<bridge>, got "
                        + entry);
            }
            mappings.put(parts[0].strip(), parts[1].strip());
        }
        return mappings;
    }
}
