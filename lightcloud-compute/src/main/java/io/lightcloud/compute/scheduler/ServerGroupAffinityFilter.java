package io.lightcloud.compute.scheduler;

import java.time.Instant;

/** Hard affinity: once a member of the group runs somewhere, every member goes to that host. */
public final class ServerGroupAffinityFilter implements HostFilter {
    @Override
    public boolean passes(HostState host, ScheduleRequest request, Instant now) {
        GroupConstraint group = request.group();
        if (group == null || !group.policy().equals(GroupConstraint.AFFINITY) || group.memberHosts().isEmpty()) {
            return true;
        }
        return group.membersOn(host.id()) > 0;
    }
}
