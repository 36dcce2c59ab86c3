package io.lightcloud.compute.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.compute.placement.Inventory;
import io.lightcloud.compute.placement.InventorySettings;
import io.lightcloud.compute.placement.ResourceClass;
import io.lightcloud.compute.placement.Resources;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
    private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @Test
    void capacityAppliesTheAllocationRatiosToWhatIsNotReserved() {
        HostState host = host("h1", "kvm", new Resources(0, 0, 0));
        assertThat(host.free(ResourceClass.VCPU)).isEqualTo(4 * 16);
        assertThat(host.free(ResourceClass.MEMORY_MB)).isEqualTo((long) ((8192 - 512) * 1.5));
        assertThat(host.free(ResourceClass.DISK_GB)).isEqualTo(100);
        assertThat(host.fits(new Resources(64, 11520, 100))).isTrue();
        assertThat(host.fits(new Resources(1, 11521, 1))).isFalse();
        HostState used = host.claimed(new Resources(60, 11000, 90));
        assertThat(used.generation()).isEqualTo(host.generation() + 1);
        assertThat(used.fits(new Resources(4, 520, 10))).isTrue();
        assertThat(used.fits(new Resources(5, 520, 10))).isFalse();
    }

    @Test
    void computeFilterWantsAnEnabledHostWithAFreshHeartbeat() {
        ComputeFilter filter = new ComputeFilter(60);
        ScheduleRequest request = ScheduleRequest.simple("c", new Resources(1, 1, 1));
        assertThat(filter.passes(host("h1", "kvm", Resources.NONE), request, NOW)).isTrue();
        assertThat(filter.passes(host("h1", "kvm", Resources.NONE), request, NOW + 61_000)).isFalse();
    }

    @Test
    void imagePropertiesMatchTheHostsArchitectureAndHypervisor() {
        ImagePropertiesFilter filter = new ImagePropertiesFilter();
        HostState kvm = host("h1", "kvm", Resources.NONE);
        HostState qemu = host("h2", "qemu", Resources.NONE);
        assertThat(filter.passes(kvm, request(Map.of("hw_architecture", "amd64")), NOW)).isTrue();
        assertThat(filter.passes(kvm, request(Map.of("hw_architecture", "aarch64")), NOW)).isFalse();
        assertThat(filter.passes(qemu, request(Map.of("img_hv_type", "qemu")), NOW)).isTrue();
        assertThat(filter.passes(kvm, request(Map.of("img_hv_type", "qemu")), NOW)).as("KVM also runs TCG guests")
                .isTrue();
        assertThat(filter.passes(qemu, request(Map.of("img_hv_type", "kvm")), NOW)).isFalse();
        assertThat(filter.appliesTo(request(Map.of("os_distro", "debian")))).isFalse();
    }

    @Test
    void hardGroupPoliciesFilterAndSoftOnesWeigh() {
        GroupConstraint apart = new GroupConstraint("g", GroupConstraint.ANTI_AFFINITY, 2, Map.of("h1", 2, "h2", 1));
        GroupConstraint together = new GroupConstraint("g", GroupConstraint.AFFINITY, 1, Map.of("h2", 1));
        HostState h1 = host("h1", "kvm", Resources.NONE);
        HostState h2 = host("h2", "kvm", Resources.NONE);
        assertThat(new ServerGroupAntiAffinityFilter().passes(h1, grouped(apart), NOW)).isFalse();
        assertThat(new ServerGroupAntiAffinityFilter().passes(h2, grouped(apart), NOW)).isTrue();
        assertThat(new ServerGroupAffinityFilter().passes(h1, grouped(together), NOW)).isFalse();
        assertThat(new ServerGroupAffinityFilter().passes(h2, grouped(together), NOW)).isTrue();
        GroupConstraint soft = new GroupConstraint("g", GroupConstraint.SOFT_ANTI_AFFINITY, 1, Map.of("h1", 3));
        ServerGroupSoftWeigher weigher = new ServerGroupSoftWeigher(1.0);
        assertThat(weigher.raw(h1, grouped(soft))).isLessThan(weigher.raw(h2, grouped(soft)));
    }

    private static ScheduleRequest request(Map<String, String> imageProperties) {
        return new ScheduleRequest("c", new Resources(1, 1, 1), null, null, imageProperties, null, Set.of(), Map.of());
    }

    private static ScheduleRequest grouped(GroupConstraint group) {
        return new ScheduleRequest("c", new Resources(1, 1, 1), null, null, Map.of(), group, Set.of(), Map.of());
    }

    private static HostState host(String id, String hypervisor, Resources used) {
        Map<ResourceClass, Inventory> inventory = new EnumMap<>(ResourceClass.class);
        new InventorySettings(16.0, 1.5, 1.0, 0, 512, 0).forHost(4, 8192, 100)
                .forEach(i -> inventory.put(i.resourceClass(), i));
        return new HostState(id, id, "nova", true, false, Instant.ofEpochMilli(NOW - 1000), "x86_64", hypervisor, 7,
                inventory, used);
    }
}
