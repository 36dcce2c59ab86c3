package io.lightcloud.compute.host;

/** What a heartbeat carries besides liveness; null fields leave the last reported value. */
public record HostStatusReport(String uptime, Long freeMemoryMb, Long freeDiskGb, Integer runningVms) {
    public static HostStatusReport empty() {
        return new HostStatusReport(null, null, null, null);
    }
}
