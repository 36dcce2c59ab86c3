package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Subnet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DHCP of a network served from this host: the {@code lcdhcp-} namespace with its leg on the network's bridge, and
 * dnsmasq inside it with static leases only. Its files live in {@code <state>/dhcp/<network>/}; dnsmasq drops to
 * {@code nobody}, so they are world-readable (a SIGHUP re-reads them after the privilege drop).
 */
public final class DhcpService {
    private static final Logger log = LoggerFactory.getLogger(DhcpService.class);

    private final NetworkCommands commands;
    private final DeviceNames names;
    private final NamespaceLegs legs;
    private final Path directory;

    public DhcpService(NetworkCommands commands, DeviceNames names, NamespaceLegs legs, Path stateDir) {
        this.commands = requireNonNull(commands, "commands");
        this.names = requireNonNull(names, "names");
        this.legs = requireNonNull(legs, "legs");
        this.directory = requireNonNull(stateDir, "stateDir").resolve("dhcp");
    }

    /** Wires the namespace and (re)starts or reloads dnsmasq as needed; returns the namespace. */
    public String converge(Network network, String bridge, LinkTable hostLinks, Set<String> namespaces) {
        NetworkDocument.Dhcp dhcp = requireNonNull(network.dhcp(), "dhcp");
        String namespace = names.dhcpNamespace(network.id());
        Subnet subnet = network.subnet(dhcp.subnetId()).orElseThrow(() -> new IllegalStateException(
                "DHCP subnet " + dhcp.subnetId() + " is not a subnet of network " + network.id()));
        legs.ensureNamespace(namespace, namespaces);
        String inside = DeviceNames.dhcpInside(dhcp.portId());
        legs.removeStaleInside(namespace, "ns-", Set.of(inside));
        int prefix = Ipv4Cidr.parse(subnet.cidr()).prefixLength();
        legs.ensureLeg(namespace, DeviceNames.dhcpBridgeSide(network.id()), inside, bridge, network.mtu(),
                dhcp.macAddress(), List.of(dhcp.ipAddress() + "/" + prefix, DhcpConfig.METADATA_ADDRESS + "/32"),
                hostLinks);
        Path files = networkDirectory(network.id());
        DhcpConfig config = DhcpConfig.of(network, files, inside);
        boolean filesChanged = write(files.resolve("hosts"), config.hostsFile())
                | write(files.resolve("opts"), config.optionsFile());
        boolean argumentsChanged = write(files.resolve("arguments"), String.join("\n", config.arguments()));
        Optional<ProcessHandle> running = Processes.running(files.resolve("pid"), files.resolve("pid").toString());
        if (running.isPresent() && argumentsChanged) {
            Processes.terminate(running.get());
            log.info("dnsmasq stopped for a restart network={} pid={}", network.id(), running.get().pid());
            running = Optional.empty();
        }
        if (running.isEmpty()) {
            commands.in(namespace, config.arguments().toArray(String[]::new));
            log.info("dnsmasq started network={} namespace={} hosts={}", network.id(), namespace,
                    dhcp.hosts().size());
        } else if (filesChanged) {
            commands.host("kill", "-HUP", String.valueOf(running.get().pid()));
            log.info("dnsmasq reloaded network={} pid={} hosts={}", network.id(), running.get().pid(),
                    dhcp.hosts().size());
        }
        return namespace;
    }

    /** Removes the files of networks not in {@code keep} (their namespaces, with dnsmasq, are removed apart). */
    public void removeStaleFiles(Set<String> keepNetworkIds) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        Set<String> keep = keepNetworkIds.stream().map(DhcpService::key).collect(Collectors.toSet());
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                if (!keep.contains(entry.getFileName().toString())) {
                    Processes.running(entry.resolve("pid"), entry.resolve("pid").toString())
                            .ifPresent(Processes::terminate);
                    deleteTree(entry);
                    log.info("dhcp files removed directory={}", entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path networkDirectory(String networkId) {
        Path path = directory.resolve(key(networkId));
        try {
            Files.createDirectories(path);
            for (Path p : List.of(directory, path)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    private static String key(String networkId) {
        return networkId.replaceAll("[^A-Za-z0-9-]", "_");
    }

    /** Writes the file if its content differs; true if it did. */
    private static boolean write(Path file, String content) {
        try {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                return false;
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
