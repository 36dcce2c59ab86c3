package io.lightcloud.compute.instance;

import java.util.Map;

/**
 * Nova's vm_state and task_state values, and Nova's mapping of the pair to the status clients see
 * ({@code ACTIVE}, {@code SHUTOFF}, {@code HARD_REBOOT}, ...).
 */
public final class VmState {
    public static final String ACTIVE = "active";
    public static final String BUILDING = "building";
    public static final String PAUSED = "paused";
    public static final String SUSPENDED = "suspended";
    public static final String STOPPED = "stopped";
    public static final String RESIZED = "resized";
    public static final String ERROR = "error";
    public static final String DELETED = "deleted";
    public static final String SOFT_DELETED = "soft-delete";

    public static final String SCHEDULING = "scheduling";
    public static final String BLOCK_DEVICE_MAPPING = "block_device_mapping";
    public static final String SPAWNING = "spawning";
    public static final String POWERING_OFF = "powering-off";
    public static final String POWERING_ON = "powering-on";
    public static final String REBOOTING = "rebooting";
    public static final String REBOOTING_HARD = "rebooting_hard";
    public static final String PAUSING = "pausing";
    public static final String UNPAUSING = "unpausing";
    public static final String SUSPENDING = "suspending";
    public static final String RESUMING = "resuming";
    public static final String RESIZE_MIGRATING = "resize_migrating";
    public static final String RESIZE_FINISH = "resize_finish";
    public static final String RESIZE_REVERTING = "resize_reverting";
    public static final String REBUILDING = "rebuilding";
    public static final String REBUILD_SPAWNING = "rebuild_spawning";
    public static final String IMAGE_SNAPSHOT = "image_snapshot";
    public static final String IMAGE_UPLOADING = "image_uploading";
    public static final String DELETING = "deleting";

    private static final Map<String, Map<String, String>> STATUS = Map.of(
            ACTIVE, Map.ofEntries(Map.entry("", "ACTIVE"), Map.entry(REBOOTING, "REBOOT"),
                    Map.entry(REBOOTING_HARD, "HARD_REBOOT"), Map.entry(REBUILDING, "REBUILD"),
                    Map.entry(REBUILD_SPAWNING, "REBUILD"), Map.entry(RESIZE_MIGRATING, "RESIZE"),
                    Map.entry(RESIZE_FINISH, "RESIZE")),
            BUILDING, Map.of("", "BUILD"),
            STOPPED, Map.of("", "SHUTOFF", RESIZE_MIGRATING, "RESIZE", RESIZE_FINISH, "RESIZE",
                    REBUILDING, "REBUILD", REBUILD_SPAWNING, "REBUILD"),
            RESIZED, Map.of("", "VERIFY_RESIZE", RESIZE_REVERTING, "REVERT_RESIZE"),
            PAUSED, Map.of("", "PAUSED"),
            SUSPENDED, Map.of("", "SUSPENDED"),
            ERROR, Map.of("", "ERROR", REBUILDING, "REBUILD", REBUILD_SPAWNING, "REBUILD"),
            DELETED, Map.of("", "DELETED"),
            SOFT_DELETED, Map.of("", "SOFT_DELETED"));

    private VmState() {
    }

    public static String status(String vmState, String taskState) {
        Map<String, String> byTask = STATUS.get(vmState);
        if (byTask == null) {
            return "UNKNOWN";
        }
        String status = taskState == null ? null : byTask.get(taskState);
        return status != null ? status : byTask.get("");
    }

    /** The vm_state and task_state pairs a status filter matches, in Nova's mapping. */
    public static Map<String, Map<String, String>> table() {
        return STATUS;
    }
}
