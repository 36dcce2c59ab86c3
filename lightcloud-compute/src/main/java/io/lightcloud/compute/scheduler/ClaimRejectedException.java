package io.lightcloud.compute.scheduler;

/**
 * Thrown by a claim hook to roll the claim back because what the decision was based on changed (another member
 * of an affinity group landed elsewhere meanwhile); the scheduler retries with a fresh request.
 */
public class ClaimRejectedException extends RuntimeException {
    public ClaimRejectedException(String reason) {
        super(reason);
    }
}
