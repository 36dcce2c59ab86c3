package io.lightcloud.compute.volume;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.instance.VolumeAttachment;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import io.lightcloud.compute.server.InstancePlacer;
import io.lightcloud.compute.store.Transactions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Servers that boot from a new volume made from an image wait in task state {@code block_device_mapping} while the
 * volume service copies the image. This sweep, on every controller, looks at their volumes: an available one is
 * reserved for the server, which then goes to the scheduler; a failed or vanished one fails the build (the volume is
 * deleted if the server asked for {@code delete_on_termination}). Everything it needs is in the database, so a
 * controller restart loses nothing, and a reservation only counts for the controller whose conditional update wins.
 */
@Component
public class BootVolumes implements ApplicationRunner, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BootVolumes.class);

    private final VolumeAttachmentRepository attachments;
    private final InstanceRepository instances;
    private final ObjectProvider<VolumeAttachments> volumes;
    private final InstancePlacer placer;
    private final Transactions transactions;
    private final Duration interval;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "boot-volumes");
        thread.setDaemon(true);
        return thread;
    });

    public BootVolumes(VolumeAttachmentRepository attachments, InstanceRepository instances,
            ObjectProvider<VolumeAttachments> volumes, InstancePlacer placer, Transactions transactions,
            @Value("${lightcloud.compute.boot-volume-interval:1s}") Duration interval) {
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.instances = requireNonNull(instances, "instances is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.placer = requireNonNull(placer, "placer is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    @Override
    public void run(ApplicationArguments args) {
        ticker.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    void sweep() {
        VolumeAttachments service = volumes.getIfAvailable();
        if (service == null) {
            return;
        }
        try {
            for (VolumeAttachment waiting : attachments.listCreating()) {
                advance(service, waiting);
            }
        } catch (RuntimeException e) {
            log.warn("Checking new boot volumes failed; retrying", e);
        }
    }

    private void advance(VolumeAttachments service, VolumeAttachment waiting) {
        Optional<Instance> instance = instances.find(waiting.instanceId());
        if (instance.isEmpty()) {
            return;
        }
        if (!VmState.BLOCK_DEVICE_MAPPING.equals(instance.get().taskState())) {
            // The build failed otherwise (its ports, say): nothing will attach the volume. The row stays for the
            // server's deletion, which applies delete_on_termination to it.
            attachments.transition(waiting.id(), VolumeAttachment.CREATING, VolumeAttachment.DETACHING);
            return;
        }
        String status = service.status(waiting.volumeId()).orElse("deleted");
        switch (status) {
            case "available" -> reserve(service, waiting, instance.get());
            case "error", "deleted", "deleting", "error_deleting" -> fail(service, waiting,
                    "Build of the server aborted: its boot volume " + waiting.volumeId() + " could not be created "
                            + "from the image (volume status " + status + ").");
            default -> {
                // Still being made (creating, downloading): look again on the next sweep.
            }
        }
    }

    private void reserve(VolumeAttachments service, VolumeAttachment waiting, Instance instance) {
        String attachmentId;
        try {
            attachmentId = service.reserve(waiting.volumeId(), instance.id(),
                    ServerAccess.ownerContext(instance, "boot-volume"));
        } catch (RuntimeException e) {
            // Another controller may have reserved it first; only a volume still waiting here means a real failure.
            if (attachments.find(instance.id(), waiting.volumeId())
                    .filter(a -> VolumeAttachment.CREATING.equals(a.status())).isPresent()) {
                fail(service, waiting, "Build of the server aborted: its boot volume " + waiting.volumeId()
                        + " could not be reserved: " + e.getMessage());
            }
            return;
        }
        boolean recorded = Boolean.TRUE.equals(transactions.run(() -> {
            Optional<Instance> current = instances.lock(instance.id()).filter(i -> i.deletedAt() == null
                    && VmState.BLOCK_DEVICE_MAPPING.equals(i.taskState()));
            if (current.isEmpty() || !attachments.finishCreating(waiting.id(), attachmentId)) {
                return false;
            }
            instances.requestScheduling(instance.id());
            return true;
        }));
        if (!recorded) {
            service.detach(attachmentId);
            return;
        }
        log.info("Boot volume ready, scheduling the server instance_id={} volume_id={}", instance.id(),
                waiting.volumeId());
        placer.place(instance.id());
    }

    private void fail(VolumeAttachments service, VolumeAttachment waiting, String message) {
        if (!attachments.transition(waiting.id(), VolumeAttachment.CREATING, VolumeAttachment.DETACHING)) {
            return;
        }
        placer.fail(waiting.instanceId(), message, null);
        attachments.delete(waiting.id());
        if (waiting.deleteOnTermination()) {
            try {
                service.delete(waiting.volumeId());
            } catch (RuntimeException e) {
                log.warn("Cannot delete the failed boot volume volume_id={} error=\"{}\"", waiting.volumeId(),
                        e.getMessage());
            }
        }
    }
}
