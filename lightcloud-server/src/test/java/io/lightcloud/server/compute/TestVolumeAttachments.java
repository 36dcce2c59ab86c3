package io.lightcloud.server.compute;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.volume.VolumeAttachments;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only stand-in for the volume service while the server is built without lightcloud-volume: volumes are
 * records with Cinder's statuses, and every call compute makes is recorded so tests can check the attach flow. It
 * is registered only when no other {@link VolumeAttachments} exists (see {@link TestComputeConfiguration}).
 */
public final class TestVolumeAttachments implements VolumeAttachments {
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    private final Map<String, String> attachments = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    private static final class Volume {
        final String id;
        final String project;
        volatile String status = "available";

        Volume(String id, String project) {
            this.id = id;
            this.project = project;
        }
    }

    public String add(String projectId) {
        String id = UUID.randomUUID().toString();
        volumes.put(id, new Volume(id, projectId));
        return id;
    }

    public String status(String volumeId) {
        return volumes.get(volumeId).status;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public Optional<VolumeInfo> find(String volumeId, AuthContext caller) {
        Volume volume = volumes.get(volumeId);
        if (volume == null || !(caller.isAdmin() || volume.project.equals(caller.projectId()))) {
            return Optional.empty();
        }
        return Optional.of(new VolumeInfo(volume.id, "volume-" + volume.id, 1, volume.status, false, false));
    }

    @Override
    public synchronized String reserve(String volumeId, String instanceId, AuthContext caller) {
        Volume volume = volumes.get(volumeId);
        if (volume == null) {
            throw ApiException.notFound("Volume " + volumeId + " could not be found.");
        }
        if (!volume.status.equals("available")) {
            throw ApiException.conflict("Volume " + volumeId + " is " + volume.status + ".");
        }
        volume.status = "attaching";
        String attachment = UUID.randomUUID().toString();
        attachments.put(attachment, volumeId);
        calls.add("reserve " + volumeId);
        return attachment;
    }

    @Override
    public Connection connect(String attachmentId, HostConnector connector) {
        String volumeId = attachments.get(attachmentId);
        calls.add("connect " + volumeId + " " + connector.host());
        return new Connection("file", Map.of("path", "/var/lib/lightcloud/volumes/" + volumeId + ".qcow2",
                "format", "qcow2"));
    }

    @Override
    public void complete(String attachmentId, String mountpoint) {
        String volumeId = attachments.get(attachmentId);
        volumes.get(volumeId).status = "in-use";
        calls.add("complete " + volumeId + " " + mountpoint);
    }

    @Override
    public void detach(String attachmentId) {
        String volumeId = attachments.remove(attachmentId);
        if (volumeId != null) {
            volumes.get(volumeId).status = "available";
            calls.add("detach " + volumeId);
        }
    }
}
