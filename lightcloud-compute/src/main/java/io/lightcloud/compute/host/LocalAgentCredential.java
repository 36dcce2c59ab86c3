package io.lightcloud.compute.host;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.store.Transactions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The all-in-one mode's credential for the local agent: at startup the controller makes sure a host credential for
 * this machine exists and that {@code ${lightcloud.data-dir}/agent-credential} (mode 0600) holds it as
 * {@code <host id>:<secret>}. A file that still matches is kept; otherwise the host's credential is rotated and the
 * file rewritten. Turned off with {@code lightcloud.compute.local-agent.enabled=false} (controllers without a local
 * hypervisor).
 */
@Component
@Order(10)
public class LocalAgentCredential implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(LocalAgentCredential.class);

    private final HostRepository hosts;
    private final HostSettings settings;
    private final Transactions transactions;
    private final boolean enabled;
    private final String configuredHostname;
    private final Path file;

    public LocalAgentCredential(HostRepository hosts, HostSettings settings, Transactions transactions,
            @Value("${lightcloud.compute.local-agent.enabled:true}") boolean enabled,
            @Value("${lightcloud.compute.local-agent.hostname:}") String hostname,
            @Value("${lightcloud.data-dir}") String dataDir) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.enabled = enabled;
        this.configuredHostname = hostname;
        this.file = Path.of(dataDir).resolve("agent-credential");
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!enabled) {
            return;
        }
        String hostname = hostname();
        if (valid(hostname)) {
            return;
        }
        String secret = HostCredentials.newSecret();
        String hash = HostCredentials.hash(secret);
        String hostId = transactions.run(() -> {
            Optional<ComputeHost> existing = hosts.findByHostname(hostname);
            if (existing.isPresent()) {
                hosts.setCredentialHash(existing.get().id(), hash);
                return existing.get().id();
            }
            String id = UUID.randomUUID().toString();
            hosts.insert(id, UUID.randomUUID().toString(), hostname, hash, settings.defaultAvailabilityZone());
            return id;
        });
        write(HostCredentials.credential(hostId, secret));
        log.info("Local agent credential written host={} host_id={} file={} (mode 0600)", hostname, hostId, file);
    }

    private boolean valid(String hostname) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        String credential = Files.readString(file, StandardCharsets.UTF_8).trim();
        return HostCredentials.parse(credential).flatMap(parsed -> hosts.credential(parsed.hostId())
                .filter(stored -> stored.hostname().equals(hostname))
                .map(stored -> HostCredentials.matches(parsed.secret(), stored.hash()))).orElse(false);
    }

    private void write(String credential) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), "agent-credential", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, credential + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The name this controller registers its own host under (the local agent must register with the same). */
    public String hostname() {
        if (configuredHostname != null && !configuredHostname.isBlank()) {
            return configuredHostname.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
