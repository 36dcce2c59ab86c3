package io.lightcloud.agent.driver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The hypervisor driver of one host, in the shape of Nova's virt driver API: a narrow interface the agent's
 * reconciler calls, with everything hypervisor-specific behind it.
 *
 * <p>Every operation is idempotent so the reconciler can repeat it after a restart or a lost reply: spawning a running
 * instance, stopping a stopped one or destroying a missing one succeed without doing anything. Instances outlive the
 * driver object and the agent process; {@link #adoptExisting()} takes them over again. Operations on one instance
 * are serialised; different instances proceed in parallel.
 *
 * <p>Failures are {@link DriverException}s whose message can be shown as the instance's fault; an operation that
 * does not apply to the current power state throws {@link InvalidInstanceStateException}, an unknown instance id
 * {@link InstanceNotFoundException}.
 */
public interface VirtDriver extends AutoCloseable {
    HostInfo hostInfo();

    /**
     * Creates the instance (root disk, config drive, ...) and starts it; returns once the hypervisor reports it
     * running. Starts it if it exists but is stopped. A failed spawn of a new instance leaves nothing behind.
     */
    InstanceStatus spawn(InstanceSpec spec);

    /** Stops the instance if needed and deletes everything the driver keeps for it. */
    void destroy(String instanceId);

    /**
     * Asks the guest to shut down (ACPI power button) and waits up to {@code gracefulTimeout}, then stops it hard.
     * A zero timeout stops it hard at once. A suspended instance's saved state is discarded.
     */
    void powerOff(String instanceId, Duration gracefulTimeout);

    /** Starts a stopped instance (restoring saved state if it was suspended) with this, possibly updated, spec. */
    void powerOn(InstanceSpec spec);

    /** Reboots the guest so it boots afresh; works from any state but suspended saved state is discarded. */
    void reboot(String instanceId, RebootType type);

    void pause(String instanceId);

    void unpause(String instanceId);

    /** Saves the guest's memory to disk and stops the hypervisor process ("managed save"). */
    void suspend(String instanceId);

    void resume(String instanceId);

    /**
     * Attaches a volume: hot-plugged into a running or paused guest, remembered for the next start of a stopped one.
     */
    void attachVolume(String instanceId, VolumeAttachment volume);

    /** Detaches a volume; waits for a running guest to release the device. */
    void detachVolume(String instanceId, String volumeId);

    /**
     * Attaches a NIC on an existing tap device: hot-plugged into a running or paused guest, remembered for the next
     * start of a stopped one. Attaching a NIC that is attached does nothing.
     */
    void attachInterface(String instanceId, Nic nic);

    /** Detaches the NIC on {@code tapDevice}; waits for a running guest to release it. Unknown NICs are ignored. */
    void detachInterface(String instanceId, String tapDevice);

    /**
     * Writes a standalone copy of the instance's root disk (its backing chain flattened) to {@code target}, with the
     * guest's vCPUs paused meanwhile if it runs, so the copy is crash-consistent. Replaces {@code target}.
     */
    void snapshot(String instanceId, Path target);

    /** The NICs the instance has (or will have at its next start), in slot order. */
    List<Nic> interfaces(String instanceId);

    InstanceStatus state(String instanceId);

    /** Every instance of this host with its observed state. */
    List<InstanceStatus> list();

    /** The last {@code maxBytes} bytes of the guest's serial console output, starting at a line boundary. */
    String consoleLog(String instanceId, int maxBytes);

    /** The VNC server of a running or paused instance. */
    VncEndpoint vncEndpoint(String instanceId);

    /**
     * Whether the host's image cache holds the image, so a spawn from it needs no image file (the agent downloads
     * images only when this is false).
     */
    boolean hasCachedImage(String imageId);

    /**
     * Takes over the hypervisor processes left running by a previous agent (reconnecting their control channels)
     * and returns their states.
     */
    List<InstanceStatus> adoptExisting();

    /** Releases control connections; instances keep running. */
    @Override
    void close();
}
