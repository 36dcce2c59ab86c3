package io.lightcloud.compute.scheduler;

/** Hard affinity: once a member of the group runs somewhere, every member goes to that host. */
public final class ServerGroupAffinityFilter implements HostFilter {
    @Override
    public boolean passes(HostState host, ScheduleRequest request, long nowMillis) {
        GroupConstraint group = request.group();
        if (group == null || !group.policy().equals(GroupConstraint.AFFINITY) || group.memberHosts().isEmpty()) {
            return true;
        }
        return group.membersOn(host.id()) > 0;
    }

    @Override
    public boolean appliesTo(ScheduleRequest request) {
        return request.group() != null && request.group().policy().equals(GroupConstraint.AFFINITY);
    }
}
