package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.store.JsonText;
import io.lightcloud.compute.store.Transactions;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Nova's createImage. The agent of the server's host copies the root disk (the spec lists pending snapshots) and
 * uploads it; the controller registers the upload with the image service as a private snapshot image owned by the
 * requester's project. The image service creates an image only from a complete file, so the API answers once the
 * image exists, with its id: the request is held asynchronously (no thread waits) up to a timeout.
 */
public final class ServerSnapshots implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerSnapshots.class);
    private static final Set<String> STATES = Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.PAUSED,
            VmState.SUSPENDED);

    private final InstanceRepository instances;
    private final ObjectProvider<ImageRegistry> images;
    private final InstanceActionLog actions;
    private final DesiredStateChanges changes;
    private final PolicyEnforcer policy;
    private final Transactions transactions;
    private final JdbcClient jdbc;
    private final JsonText json;
    private final ExternalUrl externalUrl;
    private final Path spoolDir;
    private final Duration timeout;
    private final VolumeBackedSnapshots volumeBackedSnapshots;
    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    private record Waiter(String snapshotId, boolean imageIdInBody, String imageUrlBase, Instant deadline,
            DeferredResult<Object> result) {
    }

    public ServerSnapshots(InstanceRepository instances, ObjectProvider<ImageRegistry> images,
            InstanceActionLog actions, DesiredStateChanges changes, PolicyEnforcer policy, Transactions transactions,
            JdbcClient jdbc, JsonText json, ExternalUrl externalUrl, Path spoolDir, Duration timeout,
            VolumeBackedSnapshots volumeBackedSnapshots) {
        this.instances = requireNonNull(instances, "instances is null");
        this.images = requireNonNull(images, "images is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.json = requireNonNull(json, "json is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.spoolDir = requireNonNull(spoolDir, "spoolDir is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.volumeBackedSnapshots = requireNonNull(volumeBackedSnapshots, "volumeBackedSnapshots is null");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "snapshot-waiter");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, 500, 500, TimeUnit.MILLISECONDS);
    }

    public DeferredResult<Object> create(AuthContext caller, String id, JsonFields in, HttpServletRequest request) {
        in.allowOnly(Set.of("name", "metadata"));
        String name = in.requiredNonBlank("name", 255);
        Map<String, String> metadata = ServerMetadataController.metadata(in.object("metadata").orElse(null));
        if (images.getIfAvailable() == null) {
            throw ApiException.badRequest("The image service is not available.");
        }
        String snapshotId = UUID.randomUUID().toString();
        Instance volumeBacked = transactions.run(() -> {
            Instance i = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce("os_compute_api:servers:create_image", caller, ServerAccess.target(i));
            if (i.locked() && !caller.isAdmin()) {
                throw ServerAccess.locked(i);
            }
            if (!STATES.contains(i.vmState())) {
                throw ServerAccess.invalidState("createImage", i, "vm_state", i.vmState());
            }
            if (i.taskState() != null) {
                throw ServerAccess.invalidState("createImage", i, "task_state", i.taskState());
            }
            if (i.hostId() == null) {
                throw ServerAccess.invalidState("createImage", i, "vm_state", i.vmState() + " without a host");
            }
            if (i.imageId() == null) {
                return i;
            }
            Map<String, String> properties = new LinkedHashMap<>(metadata);
            properties.put("image_type", "snapshot");
            properties.put("instance_uuid", i.id());
            properties.put("base_image_ref", i.imageId());
            properties.put("user_id", caller.userId());
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            jdbc.sql("""
                    INSERT INTO compute_snapshot (id, instance_id, host_id, image_name, properties, requester, status,
                        created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)""")
                    .params(snapshotId, i.id(), i.hostId(), name, json.write(properties), json.write(requester(caller)),
                            now, now)
                    .update();
            instances.startImageSnapshot(i.id());
            actions.start(i.id(), "createImage", caller);
            changes.changed(i.hostId());
            return null;
        });
        DeferredResult<Object> result = new DeferredResult<>(timeout.toMillis() + 10_000L);
        Waiter waiter = new Waiter(snapshotId, ComputeApiVersion.atLeast(request, 2, 45),
                externalUrl.resolve(request) + "/image/v2/images/", Instant.now().plus(timeout), result);
        if (volumeBacked != null) {
            result.setResult(answer(waiter, volumeBackedSnapshots.create(caller, volumeBacked, name, metadata)));
            return result;
        }
        log.info("Snapshot requested instance_id={} snapshot_id={} image_name={}", id, snapshotId, name);
        result.onCompletion(() -> waiting.remove(snapshotId));
        waiting.put(snapshotId, waiter);
        return result;
    }

    /** The agent uploads the disk copy; the image service registers it. Runs outside any transaction. */
    public String upload(AgentHost agent, String snapshotId, InputStream data) {
        Snapshot snapshot = pending(agent, snapshotId);
        ImageRegistry registry = images.getIfAvailable();
        if (registry == null) {
            fail(agent, snapshotId, "The image service is not available.");
            throw ApiException.conflict("The image service is not available.");
        }
        Path file = spoolDir.resolve("snapshot-" + snapshotId + ".qcow2");
        try {
            Files.createDirectories(spoolDir);
            Files.copy(data, file, StandardCopyOption.REPLACE_EXISTING);
            ImageRegistry.ImageData image = registry.importFile(snapshot.requester(), new ImageRegistry.NewImage(
                    snapshot.name(), "qcow2", "bare", "private", snapshot.properties()), file);
            transactions.run(() -> finish(snapshot, "done", image.id(), null, agent.hostname()));
            log.info("Snapshot registered instance_id={} snapshot_id={} image_id={}", snapshot.instanceId(),
                    snapshotId, image.id());
            return image.id();
        } catch (IOException e) {
            log.error("Snapshot upload failed snapshot_id={}", snapshotId, e);
            fail(agent, snapshotId, "Upload of the snapshot failed: its data could not be stored.");
            throw new UncheckedIOException(e);
        } catch (ApiException e) {
            fail(agent, snapshotId, "Registering the snapshot failed: " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            log.error("Snapshot registration failed snapshot_id={}", snapshotId, e);
            fail(agent, snapshotId, "Registering the snapshot failed by an unexpected error.");
            throw e;
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not delete the snapshot spool file {}", file, e);
            }
        }
    }

    public void fail(AgentHost agent, String snapshotId, String message) {
        Snapshot snapshot = pending(agent, snapshotId);
        transactions.run(() -> finish(snapshot, "failed", null, message, agent.hostname()));
        log.warn("Snapshot failed instance_id={} snapshot_id={} error=\"{}\"", snapshot.instanceId(), snapshotId,
                message);
    }

    private record Snapshot(String id, String instanceId, String hostId, String name, Map<String, String> properties,
            AuthContext requester) {
    }

    private Snapshot pending(AgentHost agent, String snapshotId) {
        return jdbc.sql("SELECT * FROM compute_snapshot WHERE id = ? AND host_id = ? AND status = 'pending'")
                .params(snapshotId, agent.id())
                .query((rs, row) -> new Snapshot(rs.getString("id"), rs.getString("instance_id"),
                        rs.getString("host_id"), rs.getString("image_name"), json.stringMap(rs.getString("properties")),
                        requesterContext(json.objectMap(rs.getString("requester")))))
                .optional()
                .orElseThrow(() -> ApiException.notFound("Snapshot " + snapshotId + " is not pending on this host."));
    }

    private void finish(Snapshot snapshot, String status, String imageId, String error, String hostname) {
        int updated = jdbc.sql("""
                UPDATE compute_snapshot SET status = ?, image_id = ?, error = ?, updated_at = ?
                WHERE id = ? AND status = 'pending'""")
                .params(status, imageId, error == null ? null : truncate(error), OffsetDateTime.now(ZoneOffset.UTC),
                        snapshot.id())
                .update();
        if (updated == 0) {
            return;
        }
        instances.lock(snapshot.instanceId()).filter(i -> VmState.IMAGE_SNAPSHOT.equals(i.taskState()))
                .ifPresent(i -> instances.finishImageSnapshot(i.id()));
        actions.finishLatest(snapshot.instanceId(), imageId != null ? InstanceActionLog.SUCCESS
                : InstanceActionLog.ERROR, hostname, error);
        changes.changed(snapshot.hostId());
    }

    private void tick() {
        try {
            if (waiting.isEmpty()) {
                return;
            }
            List<String> ids = new ArrayList<>(waiting.keySet());
            jdbc.sql("SELECT id, status, image_id, error FROM compute_snapshot WHERE id IN (:ids)").param("ids", ids)
                    .query(rs -> {
                        Waiter waiter = waiting.get(rs.getString("id"));
                        String status = rs.getString("status");
                        if (waiter == null || status.equals("pending")) {
                            return;
                        }
                        waiting.remove(waiter.snapshotId());
                        if (status.equals("done")) {
                            waiter.result().setResult(answer(waiter, rs.getString("image_id")));
                        } else {
                            waiter.result().setErrorResult(new ApiException(500, "The snapshot failed: "
                                    + rs.getString("error")));
                        }
                    });
            Instant now = Instant.now();
            for (Waiter waiter : List.copyOf(waiting.values())) {
                if (now.isAfter(waiter.deadline())) {
                    waiting.remove(waiter.snapshotId());
                    waiter.result().setErrorResult(new ApiException(500, "The snapshot did not finish within "
                            + timeout.toSeconds() + " s; it continues, and its image appears when the upload ends."));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Checking snapshots failed; retrying on the next tick", e);
        }
    }

    private static ResponseEntity<Object> answer(Waiter waiter, String imageId) {
        if (waiter.imageIdInBody()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("image_id", imageId));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Location", waiter.imageUrlBase() + imageId).build();
    }

    private static Map<String, Object> requester(AuthContext caller) {
        Map<String, Object> requester = new LinkedHashMap<>();
        requester.put("user_id", caller.userId());
        requester.put("user_name", caller.userName());
        requester.put("user_domain_id", caller.userDomainId());
        requester.put("project_id", caller.projectId());
        requester.put("project_name", caller.projectName());
        requester.put("project_domain_id", caller.projectDomainId());
        requester.put("roles", List.copyOf(caller.roles()));
        return requester;
    }

    @SuppressWarnings("unchecked")
    private static AuthContext requesterContext(Map<String, Object> stored) {
        return new AuthContext((String) stored.get("user_id"), (String) stored.get("user_name"),
                (String) stored.get("user_domain_id"), (String) stored.get("project_id"),
                (String) stored.get("project_name"), (String) stored.get("project_domain_id"), null,
                Set.copyOf((List<String>) stored.get("roles")), "snapshot-" + UUID.randomUUID(), null,
                Instant.now().plus(Duration.ofHours(1)));
    }

    private static String truncate(String text) {
        return text.length() > 1024 ? text.substring(0, 1024) : text;
    }

    @Override
    @PreDestroy
    public void close() {
        ticker.shutdownNow();
    }
}
