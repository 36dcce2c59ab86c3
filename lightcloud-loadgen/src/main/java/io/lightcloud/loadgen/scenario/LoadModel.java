package io.lightcloud.loadgen.scenario;

/**
 * How load is applied. Closed: {@code users} virtual users loop over the steps (started evenly over the ramp-up),
 * until the duration ends or each has run {@code loops} iterations. Open: iterations arrive at {@code rate} per
 * second spread over {@code users} connections, each arrival at its intended time whatever the target's latency, and
 * latency counted from that intended time (wrk2's correction of coordinated omission).
 *
 * @param loops iterations per user in the closed model, 0 for "until the duration ends"
 */
public record LoadModel(Kind kind, int users, double rate, long rampUpMillis, long durationMillis, long loops) {
    public enum Kind { CLOSED, OPEN }

    public LoadModel {
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1");
        }
        if (kind == Kind.OPEN && !(rate > 0)) {
            throw new IllegalArgumentException("an open model needs a rate > 0");
        }
        if (durationMillis <= 0 && loops <= 0) {
            throw new IllegalArgumentException("a load model needs a duration or loops");
        }
    }
}
