package io.lightcloud.compute.scheduler;

/**
 * Soft affinity and soft anti-affinity: prefer the hosts with the most (or the fewest) members of the group, but
 * place anyway when no host is preferred.
 */
public final class ServerGroupSoftWeigher implements HostWeigher {
    private final double multiplier;

    public ServerGroupSoftWeigher(double multiplier) {
        this.multiplier = multiplier;
    }

    @Override
    public double multiplier() {
        return multiplier;
    }

    @Override
    public double raw(HostState host, ScheduleRequest request) {
        GroupConstraint group = request.group();
        if (group == null) {
            return 0;
        }
        int members = group.membersOn(host.id());
        return switch (group.policy()) {
            case GroupConstraint.SOFT_AFFINITY -> members;
            case GroupConstraint.SOFT_ANTI_AFFINITY -> -members;
            default -> 0;
        };
    }

    @Override
    public boolean appliesTo(ScheduleRequest request) {
        return request.group() != null && (request.group().policy().equals(GroupConstraint.SOFT_AFFINITY)
                || request.group().policy().equals(GroupConstraint.SOFT_ANTI_AFFINITY));
    }
}
