package io.lightcloud.compute.instance;

/**
 * Records that a host's desired state changed, inside the transaction that changed it: the host's desired generation
 * goes up with the transaction, waiting long-polls on this controller answer once it committed, and long-polls held by
 * other controllers notice the new generation on their next database check.
 */
public interface DesiredStateChanges {
    void changed(String hostId);
}
