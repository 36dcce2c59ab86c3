package io.lightcloud.loadtest.pool;

import java.time.OffsetDateTime;

/** An executor of the pool as stored: its registration facts and when it was last heard from. */
public record ExecutorView(String id, String name, boolean managed, String hostname, int capacityUsers,
        double capacityRate, OffsetDateTime registeredAt, OffsetDateTime lastSeenAt, OffsetDateTime createdAt) {
}
