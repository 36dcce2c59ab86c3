package io.lightcloud.compute.scheduler;

/**
 * Work done in the claim's transaction, after the host's generation was swapped and before the allocations are
 * written: binding the instance to the host, checking a server group under its lock. Throwing rolls the claim back.
 */
@FunctionalInterface
public interface ClaimHook {
    ClaimHook NONE = host -> {
    };

    void onClaim(HostState host);
}
