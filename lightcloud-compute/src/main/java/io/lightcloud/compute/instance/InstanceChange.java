package io.lightcloud.compute.instance;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user-requested change of a server, named by what it does (stop, reboot, start a resize, ...); which columns it
 * sets is known here only. {@link InstanceRepository#apply} writes it, and with a new revision when the server's
 * agent must act on it.
 */
public final class InstanceChange {
    private final Map<String, Object> columns = new LinkedHashMap<>();

    private InstanceChange() {
    }

    private InstanceChange set(String column, Object value) {
        columns.put(column, value);
        return this;
    }

    /** The wanted power, and the task that gets the server there (null: nothing for an agent to do). */
    public static InstanceChange requestPower(DesiredPower power, String taskState) {
        InstanceChange change = new InstanceChange().set("desired_power", requireNonNull(power, "power is null"));
        return taskState == null ? change : change.set("task_state", taskState);
    }

    /** Stops a server no host runs: it is stopped at once. */
    public static InstanceChange stopUnplaced() {
        return new InstanceChange().set("desired_power", DesiredPower.STOPPED).set("vm_state", VmState.STOPPED);
    }

    public static InstanceChange reboot(long rebootCounter, boolean hard) {
        return new InstanceChange().set("desired_power", DesiredPower.RUNNING).set("reboot_counter", rebootCounter)
                .set("reboot_hard", hard).set("task_state", hard ? VmState.REBOOTING_HARD : VmState.REBOOTING);
    }

    /** The new flavor in force, the old one kept for a revert, under the migration holding the old claim. */
    public static InstanceChange startResize(InstanceFlavor current, InstanceFlavor next, String migrationId) {
        return new InstanceChange().set("old_flavor", current).set("flavor", next).set("flavor_id", next.id())
                .set("migration_id", migrationId).set("task_state", VmState.RESIZE_MIGRATING);
    }

    public static InstanceChange confirmResize(String vmState) {
        return new InstanceChange().set("old_flavor", null).set("migration_id", null).set("vm_state", vmState)
                .set("task_state", null);
    }

    public static InstanceChange revertResize(InstanceFlavor oldFlavor) {
        return new InstanceChange().set("flavor", oldFlavor).set("flavor_id", oldFlavor.id()).set("old_flavor", null)
                .set("migration_id", null).set("task_state", VmState.RESIZE_REVERTING);
    }

    /** A new root disk from {@code imageId}; the optional parts of a rebuild are added with the methods below. */
    public static InstanceChange rebuild(String imageId, ImageMeta imageMeta, long rebuildCounter) {
        return new InstanceChange().set("image_id", imageId).set("image_meta", imageMeta)
                .set("rebuild_counter", rebuildCounter).set("task_state", VmState.REBUILDING);
    }

    public InstanceChange wantRunning() {
        return set("desired_power", DesiredPower.RUNNING);
    }

    public InstanceChange rename(String name) {
        return set("name", name);
    }

    public InstanceChange describe(String description) {
        return set("description", description);
    }

    /** The key pair injected at the next boot; both null removes it. */
    public InstanceChange keypair(String keyName, String keyData) {
        return set("key_name", keyName).set("key_data", keyData);
    }

    public InstanceChange userData(String userData) {
        return set("user_data", userData);
    }

    /** A user's edit of the server's own fields (PUT): add what the request sets. */
    public static InstanceChange edit() {
        return new InstanceChange();
    }

    public InstanceChange accessIpV4(String address) {
        return set("access_ip_v4", address);
    }

    public InstanceChange accessIpV6(String address) {
        return set("access_ip_v6", address);
    }

    public InstanceChange hostname(String hostname) {
        return set("hostname", hostname);
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    public static InstanceChange lock(String lockedBy, String reason) {
        return new InstanceChange().set("locked_by", lockedBy).set("locked_reason", reason);
    }

    public static InstanceChange unlock() {
        return new InstanceChange().set("locked_by", null).set("locked_reason", null);
    }

    /** Whether the change starts a task, which completes when the agent applied the change's revision. */
    boolean startsTask() {
        return columns.get("task_state") != null;
    }

    Map<String, Object> columns() {
        return new LinkedHashMap<>(columns);
    }
}
