package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry.ImageData;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.flavor.Flavor;
import io.lightcloud.compute.flavor.FlavorAccess;
import io.lightcloud.compute.instance.DesiredPower;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.instance.ImageMeta;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceChange;
import io.lightcloud.compute.instance.InstanceFlavor;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.keypair.KeypairRepository;
import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.quota.QuotaLedger;
import io.lightcloud.compute.quota.QuotaLimits;
import io.lightcloud.compute.quota.QuotaResource;
import io.lightcloud.compute.scheduler.ScheduleRequest;
import io.lightcloud.compute.scheduler.Scheduler;
import io.lightcloud.compute.store.Transactions;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Server actions as changes of desired state. Each runs in one transaction under the server's row lock: it checks
 * visibility (404), policy (403), the lock (409) and the state Nova allows the action in (409), sets the new desired
 * state and the task Nova shows while the agent works, bumps the server's revision and its host's desired
 * generation, and logs the action. The agent's report completes the task.
 */
@Component
public class ServerActions {
    private static final Logger log = LoggerFactory.getLogger(ServerActions.class);
    private static final List<String> HARD_REBOOT_TASKS = Arrays.asList(null, VmState.REBOOTING,
            VmState.REBOOTING_HARD);

    private final InstanceRepository instances;
    private final PlacementRepository placement;
    private final Scheduler scheduler;
    private final FlavorAccess flavors;
    private final KeypairRepository keypairs;
    private final ObjectProvider<ImageRegistry> images;
    private final QuotaLedger ledger;
    private final QuotaLimits limits;
    private final InstanceActionLog actions;
    private final DesiredStateChanges changes;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public ServerActions(InstanceRepository instances, PlacementRepository placement,
            Scheduler scheduler, FlavorAccess flavors, KeypairRepository keypairs, ObjectProvider<ImageRegistry> images,
            QuotaLedger ledger, QuotaLimits limits, InstanceActionLog actions, DesiredStateChanges changes,
            PolicyEnforcer policy, Transactions transactions) {
        this.instances = requireNonNull(instances, "instances is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.keypairs = requireNonNull(keypairs, "keypairs is null");
        this.images = requireNonNull(images, "images is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public void stop(AuthContext caller, String id) {
        act(caller, id, "os_compute_api:servers:stop", "stop", "os-stop", i -> {
            requireState("stop", i, Set.of(VmState.ACTIVE, VmState.ERROR), true);
            return i.hostId() == null ? InstanceChange.stopUnplaced()
                    : InstanceChange.requestPower(DesiredPower.STOPPED, VmState.POWERING_OFF);
        });
    }

    public void start(AuthContext caller, String id) {
        act(caller, id, "os_compute_api:servers:start", "start", "os-start", i -> {
            requireState("start", i, Set.of(VmState.STOPPED), true);
            requireHost("start", i);
            return InstanceChange.requestPower(DesiredPower.RUNNING, VmState.POWERING_ON);
        });
    }

    public void reboot(AuthContext caller, String id, boolean hard) {
        act(caller, id, "os_compute_api:servers:reboot", "reboot", "reboot", i -> {
            if (hard) {
                requireState("reboot", i, Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.PAUSED, VmState.SUSPENDED,
                        VmState.ERROR), false);
                if (!HARD_REBOOT_TASKS.contains(i.taskState())) {
                    throw ServerAccess.invalidState("reboot", i, "task_state", i.taskState());
                }
            } else {
                requireState("reboot", i, Set.of(VmState.ACTIVE), true);
            }
            requireHost("reboot", i);
            return InstanceChange.reboot(i.rebootCounter() + 1, hard);
        });
    }

    public void pause(AuthContext caller, String id) {
        powerChange(caller, id, "os_compute_api:os-pause-server:pause", "pause", VmState.ACTIVE, DesiredPower.PAUSED,
                VmState.PAUSING);
    }

    public void unpause(AuthContext caller, String id) {
        powerChange(caller, id, "os_compute_api:os-pause-server:unpause", "unpause", VmState.PAUSED,
                DesiredPower.RUNNING, VmState.UNPAUSING);
    }

    public void suspend(AuthContext caller, String id) {
        powerChange(caller, id, "os_compute_api:os-suspend-server:suspend", "suspend", VmState.ACTIVE,
                DesiredPower.SUSPENDED, VmState.SUSPENDING);
    }

    public void resume(AuthContext caller, String id) {
        powerChange(caller, id, "os_compute_api:os-suspend-server:resume", "resume", VmState.SUSPENDED,
                DesiredPower.RUNNING, VmState.RESUMING);
    }

    /**
     * Resizes on the server's own host: the new flavor is claimed there next to the old one, which a migration
     * consumer holds until the resize is confirmed or reverted, as Nova's same-host resize does.
     */
    public void resize(AuthContext caller, String id, String flavorRef) {
        Flavor target = flavors.findVisible(ServerCreator.lastSegment(flavorRef), caller)
                .orElseThrow(() -> ApiException.badRequest("Unable to find flavor " + flavorRef + "."));
        act(caller, id, "os_compute_api:servers:resize", "resize", "resize", i -> {
            requireState("resize", i, Set.of(VmState.ACTIVE, VmState.STOPPED), true);
            requireHost("resize", i);
            InstanceFlavor current = i.flavor();
            if (current.id().equals(target.id())) {
                throw ApiException.badRequest("When resizing, instances must change flavor!");
            }
            boolean volumeBacked = i.imageId() == null;
            if (!volumeBacked && target.rootGb() < current.rootGb()) {
                throw ApiException.badRequest("Resize error: Unable to resize disk down.");
            }
            InstanceFlavor next = InstanceFlavor.of(target);
            adjustQuota(i, current, next, true);
            String migration = UUID.randomUUID().toString();
            boolean claimed = scheduler.claimOn(i.hostId(),
                    ScheduleRequest.simple(i.id(), next.resources(volumeBacked)),
                    host -> placement.move(i.id(), migration));
            if (!claimed) {
                throw ApiException.badRequest("No valid host was found. Host of server " + i.id()
                        + " does not have the resources for flavor " + target.id() + "; Lightcloud resizes on the "
                        + "server's own host.");
            }
            return InstanceChange.startResize(current, next, migration);
        });
    }

    public void confirmResize(AuthContext caller, String id) {
        act(caller, id, "os_compute_api:servers:confirm_resize", "confirmResize", null, i -> {
            requireState("confirmResize", i, Set.of(VmState.RESIZED), true);
            if (i.migrationId() != null) {
                placement.release(i.migrationId());
            }
            actions.start(i.id(), "confirmResize", caller);
            actions.finishLatest(i.id(), InstanceActionLog.SUCCESS, null, null);
            return InstanceChange.confirmResize(
                    i.desiredPower() == DesiredPower.STOPPED ? VmState.STOPPED : VmState.ACTIVE);
        });
        scheduler.cache().invalidate();
    }

    public void revertResize(AuthContext caller, String id) {
        act(caller, id, "os_compute_api:servers:revert_resize", "revertResize", "revertResize", i -> {
            requireState("revertResize", i, Set.of(VmState.RESIZED), true);
            if (i.oldFlavor() == null || i.migrationId() == null) {
                throw ApiException.conflict("Instance " + i.id() + " has no resize to revert.");
            }
            placement.release(i.id());
            placement.move(i.migrationId(), i.id());
            adjustQuota(i, i.flavor(), i.oldFlavor(), false);
            return InstanceChange.revertResize(i.oldFlavor());
        });
        scheduler.cache().invalidate();
    }

    /** What a rebuild changes besides the disk; null fields keep the current value. */
    public record Rebuild(String imageRef, String name, String description, Map<String, String> metadata,
            String keyName, boolean keyNameGiven, String userData, boolean userDataGiven) {
    }

    public void rebuild(AuthContext caller, String id, Rebuild rebuild) {
        ImageRegistry registry = images.getIfAvailable();
        if (registry == null) {
            throw ApiException.badRequest("The image service is not available.");
        }
        String imageId = ServerCreator.lastSegment(rebuild.imageRef());
        ImageData image = registry.findUsable(imageId, caller)
                .orElseThrow(() -> ApiException.badRequest("Image " + imageId + " could not be found."));
        act(caller, id, "os_compute_api:servers:rebuild", "rebuild", "rebuild", i -> {
            requireState("rebuild", i, Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.ERROR), true);
            requireHost("rebuild", i);
            if (i.imageId() == null) {
                throw ApiException.badRequest("Unable to rebuild with a different image for a volume-backed server.");
            }
            if (image.minRamMb() > i.flavor().memoryMb()) {
                throw ApiException.badRequest("Flavor's memory is too small for requested image.");
            }
            if (i.flavor().rootGb() > 0 && image.minDiskGb() > i.flavor().rootGb()) {
                throw ApiException.badRequest("Flavor's disk is too small for requested image.");
            }
            InstanceChange change = InstanceChange.rebuild(image.id(), ImageMeta.of(image), i.rebuildCounter() + 1);
            if (i.vmState().equals(VmState.ERROR)) {
                change.wantRunning();
            }
            if (rebuild.name() != null) {
                change.rename(rebuild.name());
            }
            if (rebuild.description() != null) {
                change.describe(rebuild.description());
            }
            if (rebuild.keyNameGiven()) {
                if (rebuild.keyName() == null) {
                    change.keypair(null, null);
                } else {
                    var keypair = keypairs.find(caller.userId(), rebuild.keyName())
                            .orElseThrow(() -> ApiException.badRequest("Invalid key_name provided."));
                    change.keypair(keypair.name(), keypair.publicKey());
                }
            }
            if (rebuild.userDataGiven()) {
                change.userData(rebuild.userData());
            }
            if (rebuild.metadata() != null) {
                instances.replaceMetadata(i.id(), rebuild.metadata());
            }
            return change;
        });
    }

    public void lock(AuthContext caller, String id, String reason) {
        transactions.run(() -> {
            Instance i = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce("os_compute_api:os-lock-server:lock", caller, ServerAccess.target(i));
            instances.apply(id, InstanceChange.lock(
                    caller.isAdmin() && !i.projectId().equals(caller.projectId()) ? "admin" : "owner", reason));
            actions.start(id, "lock", caller);
            actions.finishLatest(id, InstanceActionLog.SUCCESS, null, null);
        });
    }

    public void unlock(AuthContext caller, String id) {
        transactions.run(() -> {
            Instance i = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce("os_compute_api:os-lock-server:unlock", caller, ServerAccess.target(i));
            if ("admin".equals(i.lockedBy()) && !caller.isAdmin()) {
                policy.enforce("os_compute_api:os-lock-server:unlock:unlock_override", caller, ServerAccess.target(i));
            }
            instances.apply(id, InstanceChange.unlock());
            actions.start(id, "unlock", caller);
            actions.finishLatest(id, InstanceActionLog.SUCCESS, null, null);
        });
    }

    private void powerChange(AuthContext caller, String id, String rule, String action, String fromState,
            DesiredPower to, String task) {
        act(caller, id, rule, action, action, i -> {
            requireState(action, i, Set.of(fromState), true);
            requireHost(action, i);
            return InstanceChange.requestPower(to, task);
        });
    }

    /**
     * The common frame of an action. {@code change} returns the change to write; with {@code loggedAction} it is
     * written under a new revision for the server's agent.
     */
    private void act(AuthContext caller, String id, String rule, String actionName, String loggedAction,
            Function<Instance, InstanceChange> change) {
        String hostId = transactions.run(() -> {
            Instance i = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce(rule, caller, ServerAccess.target(i));
            if (i.locked() && !caller.isAdmin()) {
                throw ServerAccess.locked(i);
            }
            InstanceChange applied = change.apply(i);
            if (loggedAction == null) {
                instances.apply(id, applied);
                return null;
            }
            instances.apply(id, applied, i.revision() + 1);
            actions.start(id, actionName, caller);
            if (i.hostId() == null) {
                actions.finishLatest(id, InstanceActionLog.SUCCESS, null, null);
                return null;
            }
            changes.changed(i.hostId());
            return i.hostId();
        });
        log.info("Server action instance_id={} action={} host_id={} user_id={}", id, actionName, hostId,
                caller.userId());
    }

    private static void requireState(String action, Instance i, Set<String> vmStates, boolean noTask) {
        if (!vmStates.contains(i.vmState())) {
            throw ServerAccess.invalidState(action, i, "vm_state", i.vmState());
        }
        if (noTask && i.taskState() != null) {
            throw ServerAccess.invalidState(action, i, "task_state", i.taskState());
        }
    }

    private static void requireHost(String action, Instance i) {
        if (i.hostId() == null) {
            throw ServerAccess.invalidState(action, i, "vm_state", i.vmState() + " without a host");
        }
    }

    /** Moves the project's core and RAM usage from one flavor to the other; increases are checked. */
    private void adjustQuota(Instance i, InstanceFlavor from, InstanceFlavor to, boolean check) {
        String scope = QuotaLedger.project(i.projectId());
        Map<QuotaResource, Long> deltas = new EnumMap<>(QuotaResource.class);
        deltas.put(QuotaResource.CORES, (long) to.vcpus() - from.vcpus());
        deltas.put(QuotaResource.RAM, (long) to.memoryMb() - from.memoryMb());
        if (check) {
            ledger.consume(scope, deltas, limits.forProject(i.projectId()));
        } else {
            deltas.forEach((resource, delta) -> ledger.add(scope, resource, delta));
        }
    }
}
