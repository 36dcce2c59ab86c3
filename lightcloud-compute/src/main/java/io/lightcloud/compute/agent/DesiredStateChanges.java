package io.lightcloud.compute.agent;

/**
 * Wakes agents whose desired state changed. Callers bump the host's desired generation in their transaction and
 * call {@link #changed} in it; waiting long-polls on this controller answer once the transaction committed, and
 * long-polls held by other controllers notice the new generation on their next database check.
 */
public interface DesiredStateChanges {
    void changed(String hostId);
}
