package io.lightcloud.compute.instance;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Who may see a server: its project and the admin; anyone else gets Nova's 404, not a 403. */
public final class ServerAccess {
    private ServerAccess() {
    }

    public static Instance visible(Optional<Instance> found, String id, AuthContext caller) {
        return found.filter(i -> caller.isAdmin() || i.projectId().equals(caller.projectId()))
                .orElseThrow(() -> notFound(id));
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound("Instance " + id + " could not be found.");
    }

    public static Map<String, Object> target(Instance instance) {
        return Map.of("target.project_id", instance.projectId(), "target.user_id", instance.userId());
    }

    /** Nova's 409 for an action the server's state does not allow. */
    public static ApiException invalidState(String action, Instance instance, String attribute, String state) {
        return ApiException.conflict("Cannot '" + action + "' instance " + instance.id() + " while it is in "
                + attribute + " " + state);
    }

    /**
     * Nova's checks before a device is plugged into or out of a server: not locked (unless by the admin), in one of
     * {@code states}, no task running, and on a host.
     */
    public static void requireAttachable(AuthContext caller, Instance instance, Set<String> states, String action) {
        if (instance.locked() && !caller.isAdmin()) {
            throw locked(instance);
        }
        if (!states.contains(instance.vmState()) || instance.taskState() != null || instance.hostId() == null) {
            throw invalidState(action, instance, "vm_state", instance.vmState());
        }
    }

    public static ApiException locked(Instance instance) {
        return ApiException.conflict("Instance " + instance.id() + " is locked");
    }

    /**
     * A member's context in the server's project, for what the controller does on the server owner's behalf after
     * the request that asked for it (fetching its image for an agent, reserving its new boot volume).
     */
    public static AuthContext ownerContext(Instance owner, String purpose) {
        return new AuthContext(owner.userId(), owner.userId(), "default", owner.projectId(), owner.projectId(),
                "default", null, Set.of("member", "reader"), purpose + "-" + owner.id(), null,
                Instant.now().plusSeconds(3600));
    }
}
