package io.lightcloud.network.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.network.NetworkProperties;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.NetworkRepository;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Picks a free VXLAN network identifier from {@code lightcloud.network.vni-range}. It starts at a random point of the
 * range so that concurrent creates rarely pick the same one; when they do, the unique constraint on
 * (network_type, segmentation_id) refuses the second and its transaction is retried.
 */
@Component
public class VniAllocator {
    private final NetworkRepository networks;
    private final int first;
    private final int last;

    public VniAllocator(NetworkRepository networks, NetworkProperties properties) {
        this.networks = requireNonNull(networks, "networks is null");
        this.first = properties.vniFirst();
        this.last = properties.vniLast();
    }

    public int allocate() {
        Set<Integer> used = new HashSet<>(networks.segmentsInUse(Network.VXLAN, first, last));
        int size = last - first + 1;
        int offset = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            int candidate = first + (offset + i) % size;
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new ApiException(503, "Unable to create the network. No tenant network is available for allocation.",
                "NoNetworkAvailable");
    }
}
