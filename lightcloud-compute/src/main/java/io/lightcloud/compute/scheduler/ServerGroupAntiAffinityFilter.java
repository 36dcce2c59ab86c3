package io.lightcloud.compute.scheduler;

import java.time.Instant;

/** Hard anti-affinity: at most {@code max_server_per_host} members of the group (1 by default) per host. */
public final class ServerGroupAntiAffinityFilter implements HostFilter {
    @Override
    public boolean passes(HostState host, ScheduleRequest request, Instant now) {
        GroupConstraint group = request.group();
        if (group == null || !group.policy().equals(GroupConstraint.ANTI_AFFINITY)) {
            return true;
        }
        return group.membersOn(host.id()) < group.maxServerPerHost();
    }
}
