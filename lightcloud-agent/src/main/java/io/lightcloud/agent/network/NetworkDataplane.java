package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Port;
import io.lightcloud.agent.network.NetworkDocument.Router;
import io.lightcloud.agent.process.ProcessRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges the host's Linux networking on one desired network document: segments (bridges, VXLAN, FDB), the
 * firewall, VM taps, DHCP with the metadata relay, and routers; then removes every object with the agent's names
 * that the document no longer names. Each network, port and router is applied on its own, so one failure does not
 * stop the others; the failures are returned.
 */
public final class NetworkDataplane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetworkDataplane.class);
    static final Duration PENDING_TAP_GRACE = Duration.ofMinutes(5);

    private final NetworkSettings settings;
    private final NetworkCommands commands;
    private final DeviceNames names;
    private final BridgeWiring bridges;
    private final TapDevices taps;
    private final NamespaceLegs legs;
    private final DhcpService dhcp;
    private final MetadataRelay metadata;
    private final RouterService routers;
    private final FirewallRenderer firewall = new FirewallRenderer();
    private final Clock clock;
    /** Taps made for a VM about to start whose port the last document did not name yet, by when they were made. */
    private final Map<String, Instant> pendingTaps = new HashMap<>();
    private NetworkDocument applied = NetworkDocument.empty();

    public NetworkDataplane(NetworkSettings settings, ProcessRunner runner, MetadataSource metadataSource) {
        this(settings, runner, metadataSource, Clock.systemUTC());
    }

    NetworkDataplane(NetworkSettings settings, ProcessRunner runner, MetadataSource metadataSource, Clock clock) {
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        this.commands = new NetworkCommands(runner, settings.hostNamespace());
        this.names = new DeviceNames(settings.namespacePrefix());
        this.bridges = new BridgeWiring(commands, settings);
        this.taps = new TapDevices(commands);
        this.legs = new NamespaceLegs(commands);
        this.dhcp = new DhcpService(commands, names, legs, settings.stateDir());
        this.metadata = new MetadataRelay(metadataSource, settings.stateDir());
        this.routers = new RouterService(commands, names, legs);
    }

    /** Applies the document; returns one line per object that failed (empty when everything converged). */
    public synchronized List<String> apply(NetworkDocument document) {
        List<String> failures = new ArrayList<>();
        LinkTable links = LinkTable.ofHost(commands);
        Set<String> namespaces = legs.namespaces();
        Set<String> healthyNetworks = new HashSet<>();
        for (Network network : document.networks()) {
            attempt(failures, "network " + network.id(), () -> {
                bridges.converge(network, links);
                healthyNetworks.add(network.id());
            });
        }
        boolean firewallApplied = attempt(failures, "firewall", () -> applyFirewall(document));
        LinkTable afterBridges = LinkTable.ofHost(commands);
        for (Port port : document.ports()) {
            // Without its rules a secured port would be open; it stays unplugged until the firewall applies.
            if (firewallApplied || !port.portSecurityEnabled()) {
                attempt(failures, "port " + port.id(), () -> plug(port, document, afterBridges));
            }
        }
        Set<String> keepNamespaces = new HashSet<>();
        Set<String> dhcpNetworks = new HashSet<>();
        for (Network network : document.networks()) {
            if (network.dhcp() == null) {
                continue;
            }
            // Kept even when the segment failed this time, so that a transient failure does not stop dnsmasq.
            keepNamespaces.add(names.dhcpNamespace(network.id()));
            dhcpNetworks.add(network.id());
            if (!healthyNetworks.contains(network.id())) {
                continue;
            }
            attempt(failures, "dhcp of network " + network.id(), () -> {
                String namespace = dhcp.converge(network, bridges.bridgeOf(network), afterBridges, namespaces);
                metadata.ensure(network.id(), namespace);
            });
        }
        Function<String, Network> networkById = id -> document.network(id).orElseThrow(
                () -> new IllegalStateException("network " + id + " is not in the document"));
        for (Router router : document.routers()) {
            keepNamespaces.add(names.routerNamespace(router.id()));
            attempt(failures, "router " + router.id(), () -> routers.converge(router, networkById,
                    bridges::bridgeOf, afterBridges, namespaces));
        }
        attempt(failures, "clean-up", () -> removeStale(document, keepNamespaces, dhcpNetworks));
        applied = document;
        if (failures.isEmpty()) {
            log.info("network state applied generation={} networks={} ports={} routers={}", document.generation(),
                    document.networks().size(), document.ports().size(), document.routers().size());
        } else {
            log.warn("network state applied with failures generation={} failures={}", document.generation(),
                    failures);
        }
        return failures;
    }

    /**
     * Makes sure the tap of a port exists (for QEMU to open) and, when the last applied document knows the port, is
     * plugged into its network's bridge. Idempotent; safe before the first document. A tap made for a port the
     * document does not name yet is kept for {@link #PENDING_TAP_GRACE} (the document naming it may still be on its
     * way), then removed like any other stale tap.
     */
    public synchronized void ensurePortDevice(String portId) {
        requireNonNull(portId, "portId");
        LinkTable links = LinkTable.ofHost(commands);
        Optional<Port> port = applied.port(portId);
        Optional<Network> network = port.flatMap(p -> applied.network(p.networkId()));
        if (port.isPresent() && network.isPresent()) {
            bridges.converge(network.get(), links);
            taps.ensure(portId, network.get().mtu(), bridges.bridgeOf(network.get()), port.get().adminStateUp(),
                    LinkTable.ofHost(commands));
        } else {
            taps.ensure(portId, null, null, false, links);
            pendingTaps.put(DeviceNames.tap(portId), clock.instant());
        }
    }

    /** Stops the metadata listeners; the wiring, dnsmasq and socat stay for the next agent. */
    @Override
    public void close() {
        metadata.close();
    }

    private void plug(Port port, NetworkDocument document, LinkTable links) {
        Network network = document.network(port.networkId()).orElseThrow(() -> new IllegalStateException(
                "network " + port.networkId() + " of port " + port.id() + " is not in the document"));
        taps.ensure(port.id(), network.mtu(), bridges.bridgeOf(network), port.adminStateUp(), links);
    }

    private void applyFirewall(NetworkDocument document) {
        List<String> bridgeNames = document.networks().stream().map(bridges::mappedBridgeOf)
                .flatMap(Optional::stream).distinct().toList();
        enableBridgeNetfilter();
        commands.hostWithInput(firewall.render(document.ports(), document.securityGroups(), bridgeNames),
                "nft", "-f", "-");
    }

    /**
     * Bridged IPv4/IPv6 must pass the inet hooks for the stateful part of the security groups; without it the
     * ingress rules would silently not apply, so a failure here fails the firewall.
     */
    private void enableBridgeNetfilter() {
        String[] sysctl = {"sysctl", "-q", "-w", "net.bridge.bridge-nf-call-iptables=1",
                "net.bridge.bridge-nf-call-ip6tables=1"};
        if (commands.hostAllowingFailure(sysctl).exitCode() != 0) {
            commands.namespacesAllowingFailure("modprobe", "br_netfilter");
            commands.host(sysctl);
            log.info("br_netfilter loaded for bridged traffic filtering");
        }
    }

    private void removeStale(NetworkDocument document, Set<String> keepNamespaces, Set<String> dhcpNetworks) {
        for (String namespace : legs.namespaces()) {
            if ((names.isDhcpNamespace(namespace) || names.isRouterNamespace(namespace))
                    && !keepNamespaces.contains(namespace)) {
                legs.removeNamespace(namespace);
            }
        }
        metadata.retain(dhcpNetworks);
        dhcp.removeStaleFiles(dhcpNetworks);
        Set<String> keepLinks = new LinkedHashSet<>();
        document.ports().forEach(p -> keepLinks.add(DeviceNames.tap(p.id())));
        pendingTaps.keySet().removeAll(keepLinks);
        Instant expired = clock.instant().minus(PENDING_TAP_GRACE);
        pendingTaps.values().removeIf(created -> created.isBefore(expired));
        keepLinks.addAll(pendingTaps.keySet());
        for (Network network : document.networks()) {
            if (network.isVxlan()) {
                keepLinks.add(DeviceNames.bridge(network.id()));
                keepLinks.add(DeviceNames.vxlan(network.id()));
            }
            if (network.dhcp() != null) {
                keepLinks.add(DeviceNames.dhcpBridgeSide(network.id()));
            }
        }
        for (Router router : document.routers()) {
            router.interfaces().forEach(i -> keepLinks.add(DeviceNames.routerBridgeSide(i.portId())));
            if (router.gateway() != null) {
                keepLinks.add(DeviceNames.routerBridgeSide(router.gateway().portId()));
            }
        }
        List<Pattern> owned = List.of(DeviceNames.TAP, DeviceNames.VXLAN, DeviceNames.DHCP_VETH,
                DeviceNames.ROUTER_VETH, DeviceNames.BRIDGE);
        LinkTable links = LinkTable.ofHost(commands);
        for (Pattern pattern : owned) {
            for (String name : links.names()) {
                if (pattern.matcher(name).matches() && !keepLinks.contains(name)) {
                    commands.hostAllowingFailure("ip", "link", "del", "dev", name);
                    log.info("link removed device={} (not in the desired state)", name);
                }
            }
        }
    }

    /** Runs one step; a failure is logged and recorded, and false returned. */
    private static boolean attempt(List<String> failures, String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) {
            log.error("applying network state failed object=\"{}\" error=\"{}\"", what, e.getMessage(), e);
            failures.add(what + ": " + e.getMessage());
            return false;
        }
    }
}
