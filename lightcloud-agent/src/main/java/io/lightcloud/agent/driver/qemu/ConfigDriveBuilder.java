package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.InstanceMetadata;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.process.CommandException;
import io.lightcloud.agent.process.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the config drive as Nova does: an ISO 9660 image (Rock Ridge and Joliet) labelled {@code config-2} with
 * {@code openstack/<version>/meta_data.json}, {@code user_data}, {@code network_data.json} and {@code
 * vendor_data.json}. The same files go under {@code latest} and {@code 2012-08-10}: cloud-init reads the newest
 * version directory it knows and reads every file from that one directory, so each directory must be complete.
 */
public class ConfigDriveBuilder {
    static final String LABEL = "config-2";
    static final List<String> VERSIONS = List.of("2012-08-10", "latest");
    private static final int RANDOM_SEED_BYTES = 512;

    private final QemuDriverConfig config;
    private final ProcessRunner runner;
    private final ObjectMapper mapper;
    private final SecureRandom random = new SecureRandom();

    public ConfigDriveBuilder(QemuDriverConfig config, ProcessRunner runner, ObjectMapper mapper) {
        this.config = requireNonNull(config, "config");
        this.runner = requireNonNull(runner, "runner");
        this.mapper = requireNonNull(mapper, "mapper");
    }

    /** Writes the ISO to {@code target} (through a temporary file, so it exists only when complete). */
    public void build(InstanceSpec spec, Path target) {
        Path staging = target.resolveSibling(".config-drive.tmp");
        Path isoTmp = target.resolveSibling(".config.iso.tmp");
        try {
            FileTrees.deleteRecursively(staging);
            for (String version : VERSIONS) {
                Path dir = Files.createDirectories(staging.resolve("openstack").resolve(version));
                Files.write(dir.resolve("meta_data.json"), mapper.writeValueAsBytes(metaData(spec)));
                Files.write(dir.resolve("network_data.json"), mapper.writeValueAsBytes(networkData(spec.metadata())));
                Files.write(dir.resolve("vendor_data.json"), mapper.writeValueAsBytes(
                        spec.metadata().vendorData() == null ? mapper.createObjectNode()
                                : spec.metadata().vendorData()));
                byte[] userData = spec.metadata().userDataBytes();
                if (userData != null) {
                    Files.write(dir.resolve("user_data"), userData);
                }
            }
            runner.run(List.of(config.isoBinary(), "-quiet", "-o", isoTmp.toString(), "-V", LABEL, "-r", "-J",
                    "-input-charset", "utf-8", staging.toString()), config.commandTimeout());
            Files.move(isoTmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (CommandException e) {
            throw new DriverException("cannot build the config drive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the config drive in " + target.getParent(), e);
        } finally {
            try {
                FileTrees.deleteRecursively(staging);
                Files.deleteIfExists(isoTmp);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean up config drive staging files", e);
            }
        }
    }

    /** Nova's meta_data.json. */
    ObjectNode metaData(InstanceSpec spec) {
        InstanceMetadata md = spec.metadata();
        ObjectNode node = mapper.createObjectNode();
        node.put("uuid", spec.instanceId());
        node.put("name", spec.name());
        node.put("hostname", md.hostname());
        node.put("launch_index", md.launchIndex());
        if (md.availabilityZone() != null) {
            node.put("availability_zone", md.availabilityZone());
        }
        if (md.projectId() != null) {
            node.put("project_id", md.projectId());
        }
        ObjectNode meta = node.putObject("meta");
        md.meta().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> meta.put(e.getKey(), e.getValue()));
        if (!md.publicKeys().isEmpty()) {
            ObjectNode publicKeys = node.putObject("public_keys");
            ArrayNode keys = node.putArray("keys");
            md.publicKeys().forEach((name, key) -> {
                publicKeys.put(name, key);
                keys.addObject().put("name", name).put("type", "ssh").put("data", key);
            });
        }
        node.putArray("devices");
        byte[] seed = new byte[RANDOM_SEED_BYTES];
        random.nextBytes(seed);
        node.put("random_seed", Base64.getEncoder().encodeToString(seed));
        return node;
    }

    private ObjectNode networkData(InstanceMetadata md) {
        if (md.networkData() != null) {
            return (ObjectNode) md.networkData();
        }
        ObjectNode empty = mapper.createObjectNode();
        empty.putArray("links");
        empty.putArray("networks");
        empty.putArray("services");
        return empty;
    }
}
