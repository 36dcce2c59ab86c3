package io.lightcloud.compute.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.compute.placement.Resources;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AggregateInstanceExtraSpecsFilterTest {
    private static final Map<String, Map<String, Set<String>>> AGGREGATES = Map.of(
            "ssd-host", Map.of("ssd", Set.of("true"), "cpu_mhz", Set.of("3200"), "rack", Set.of("r1", "r2")),
            "plain-host", Map.of("ssd", Set.of("false")));

    private final AggregateInstanceExtraSpecsFilter filter = new AggregateInstanceExtraSpecsFilter(
            hostId -> AGGREGATES.getOrDefault(hostId, Map.of()));

    @Test
    void scopedAndUnscopedSpecsMustMatchAnAggregateValue() {
        ScheduleRequest ssd = request(Map.of("aggregate_instance_extra_specs:ssd", "true"));
        assertThat(filter.passes(host("ssd-host"), ssd, 0)).isTrue();
        assertThat(filter.passes(host("plain-host"), ssd, 0)).isFalse();
        assertThat(filter.passes(host("lonely-host"), ssd, 0)).as("no aggregate gives the key").isFalse();
        assertThat(filter.passes(host("plain-host"), request(Map.of("ssd", "false")), 0)).isTrue();
        assertThat(filter.passes(host("ssd-host"), request(Map.of("aggregate_instance_extra_specs:rack", "r2")), 0))
                .as("any of the host's aggregates may give the value").isTrue();
    }

    @Test
    void specsOfOtherScopesAreNotThisFiltersBusiness() {
        ScheduleRequest other = request(Map.of("hw:cpu_policy", "dedicated", "lightcloud:ha", "true"));
        assertThat(filter.appliesTo(other)).isFalse();
        assertThat(filter.passes(host("lonely-host"), other, 0)).isTrue();
        assertThat(filter.appliesTo(request(Map.of("aggregate_instance_extra_specs:ssd", "true")))).isTrue();
    }

    @Test
    void operatorsCompareAsNovaDoes() {
        assertThat(ExtraSpecMatcher.matches("3200", ">= 3000")).isTrue();
        assertThat(ExtraSpecMatcher.matches("2800", ">= 3000")).isFalse();
        assertThat(ExtraSpecMatcher.matches("3200", "= 3000")).as("'=' means at least").isTrue();
        assertThat(ExtraSpecMatcher.matches("3200", "== 3200.0")).isTrue();
        assertThat(ExtraSpecMatcher.matches("fast", ">= 3000")).as("not a number").isFalse();
        assertThat(ExtraSpecMatcher.matches("abc", "s== abc")).isTrue();
        assertThat(ExtraSpecMatcher.matches("abd", "s> abc")).isTrue();
        assertThat(ExtraSpecMatcher.matches("sse4 avx2", "<in> avx")).isTrue();
        assertThat(ExtraSpecMatcher.matches("sse4 avx2", "<all-in> avx2 sse4")).isTrue();
        assertThat(ExtraSpecMatcher.matches("sse4", "<all-in> avx2 sse4")).isFalse();
        assertThat(ExtraSpecMatcher.matches("r2", "<or> r1 <or> r2")).isTrue();
        assertThat(ExtraSpecMatcher.matches("r3", "<or> r1 <or> r2")).isFalse();
        assertThat(ExtraSpecMatcher.matches("true", "True")).as("plain equality is exact").isFalse();
    }

    private static ScheduleRequest request(Map<String, String> extraSpecs) {
        return new ScheduleRequest("c", new Resources(1, 1, 1), null, null, Map.of(), null, Set.of(), extraSpecs);
    }

    private static HostState host(String id) {
        return new HostState(id, id, "nova", true, false, Instant.now(), "x86_64", "qemu", 0, Map.of(),
                new Resources(0, 0, 0));
    }
}
