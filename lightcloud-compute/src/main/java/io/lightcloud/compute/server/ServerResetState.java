package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.store.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Nova's {@code os-resetState}: the admin forces a server's vm_state to active or error and clears its task. */
@Component
public class ServerResetState {
    private static final Logger log = LoggerFactory.getLogger(ServerResetState.class);

    private final InstanceRepository instances;
    private final InstanceActionLog actions;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public ServerResetState(InstanceRepository instances, InstanceActionLog actions, PolicyEnforcer policy,
            Transactions transactions) {
        this.instances = requireNonNull(instances, "instances is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public void reset(AuthContext caller, String id, String state) {
        if (!state.equals(VmState.ACTIVE) && !state.equals(VmState.ERROR)) {
            throw ApiException.badRequest("Invalid input for field 'state': '" + state + "' is not one of "
                    + "['active', 'error'].");
        }
        transactions.run(() -> {
            Instance i = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce("os_compute_api:os-admin-actions:reset_state", caller, ServerAccess.target(i));
            instances.resetState(id, state);
            actions.start(id, "resetState", caller);
            actions.finishLatest(id, InstanceActionLog.SUCCESS, null, null);
        });
        log.info("Server state reset instance_id={} vm_state={} user_id={}", id, state, caller.userId());
    }
}
