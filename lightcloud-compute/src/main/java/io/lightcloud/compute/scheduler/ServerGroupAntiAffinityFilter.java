package io.lightcloud.compute.scheduler;

/** Hard anti-affinity: at most {@code max_server_per_host} members of the group (1 by default) per host. */
public final class ServerGroupAntiAffinityFilter implements HostFilter {
    @Override
    public boolean passes(HostState host, ScheduleRequest request, long nowMillis) {
        GroupConstraint group = request.group();
        if (group == null || !group.policy().equals(GroupConstraint.ANTI_AFFINITY)) {
            return true;
        }
        return group.membersOn(host.id()) < group.maxServerPerHost();
    }

    @Override
    public boolean appliesTo(ScheduleRequest request) {
        return request.group() != null && request.group().policy().equals(GroupConstraint.ANTI_AFFINITY);
    }
}
