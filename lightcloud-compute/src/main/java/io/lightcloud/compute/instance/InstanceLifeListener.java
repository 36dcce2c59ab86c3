package io.lightcloud.compute.instance;

import java.util.Set;

/**
 * Told when a server's life changes (it launched, changed flavor or was deleted), inside the transaction that changed
 * it, so that a listener such as the usage ledger records the change atomically with it. The instance model knows
 * only this interface, not who listens.
 */
public interface InstanceLifeListener {
    /** The columns whose change is a change of the server's life. */
    Set<String> LIFE_COLUMNS = Set.of("launched_at", "flavor", "deleted_at");

    void changed(String instanceId);
}
