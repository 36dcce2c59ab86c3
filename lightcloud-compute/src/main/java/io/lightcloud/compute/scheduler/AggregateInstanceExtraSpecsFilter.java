package io.lightcloud.compute.scheduler;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * Nova's AggregateInstanceExtraSpecsFilter: a flavor's {@code aggregate_instance_extra_specs:KEY} extra specs (and
 * unscoped ones, as Nova reads them) must each be matched by a value one of the host's aggregates gives KEY, with
 * {@link ExtraSpecMatcher}'s operators. Flavors without such specs pass every host.
 */
public final class AggregateInstanceExtraSpecsFilter implements HostFilter {
    static final String SCOPE = "aggregate_instance_extra_specs:";

    private final HostAggregates aggregates;

    public AggregateInstanceExtraSpecsFilter(HostAggregates aggregates) {
        this.aggregates = requireNonNull(aggregates, "aggregates is null");
    }

    @Override
    public boolean passes(HostState host, ScheduleRequest request, long nowMillis) {
        Map<String, Set<String>> metadata = aggregates.metadata(host.id());
        for (Map.Entry<String, String> spec : request.flavorExtraSpecs().entrySet()) {
            String key = key(spec.getKey());
            if (key == null) {
                continue;
            }
            Set<String> values = metadata.getOrDefault(key, Set.of());
            if (values.stream().noneMatch(value -> ExtraSpecMatcher.matches(value, spec.getValue()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean appliesTo(ScheduleRequest request) {
        return request.flavorExtraSpecs().keySet().stream().anyMatch(k -> key(k) != null);
    }

    /** The aggregate metadata key a spec asks for, or null for specs of other scopes. */
    private static String key(String spec) {
        if (spec.startsWith(SCOPE)) {
            return spec.substring(SCOPE.length());
        }
        return spec.contains(":") ? null : spec;
    }
}
