package io.lightcloud.compute.showback;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.usage.InstanceInterval;
import io.lightcloud.compute.usage.InstanceUsageRepository;
import io.lightcloud.compute.usage.ResourceInterval;
import io.lightcloud.compute.usage.ResourceKind;
import io.lightcloud.compute.usage.ResourceUsageLedger;
import io.lightcloud.compute.usage.UsageFilter;
import io.lightcloud.compute.usage.UsagePeriod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Rates the usage ledger with the price list. Instance hours and resource-hours come from the same intervals as
 * {@code os-simple-tenant-usage}, so a project's lines add up to its Nova totals.
 */
@Component
public class ShowbackReport {
    private final InstanceUsageRepository instances;
    private final ResourceUsageLedger resources;
    private final PriceListRepository prices;

    public ShowbackReport(InstanceUsageRepository instances, ResourceUsageLedger resources,
            PriceListRepository prices) {
        this.instances = requireNonNull(instances, "instances is null");
        this.resources = requireNonNull(resources, "resources is null");
        this.prices = requireNonNull(prices, "prices is null");
    }

    /** A report's lines (sorted by their key) and totals. */
    public record Report(UsagePeriod period, String currency, ShowbackGrouping grouping, List<ShowbackLine> lines,
            Map<String, BigDecimal> totals) {
    }

    public Report build(UsagePeriod period, UsageFilter filter, ShowbackGrouping grouping) {
        PriceList list = prices.read();
        PriceList.Rates rates = list.rates();
        Map<String, ShowbackLine> lines = new TreeMap<>();
        for (InstanceInterval interval : instances.overlapping(period, filter)) {
            double hours = period.hours(interval.startedAt(), interval.endedAt());
            if (hours == 0) {
                continue;
            }
            ShowbackLine line = line(lines, grouping, interval.projectId(), interval.userId(), "server",
                    interval.instanceId(), interval.name());
            line.add("instance_hours", hours);
            line.add("vcpu_hours", hours * interval.vcpus());
            line.add("ram_mb_hours", hours * interval.memoryMb());
            line.add("disk_gb_hours", hours * interval.localGb());
            Double flavorPrice = rates.exact(PriceKind.FLAVOR_HOUR, interval.flavorId());
            line.add("compute_cost", flavorPrice != null ? hours * flavorPrice
                    : hours * (interval.vcpus() * rates.of(PriceKind.VCPU_HOUR)
                            + interval.memoryMb() / 1024.0 * rates.of(PriceKind.RAM_GB_HOUR)
                            + interval.localGb() * rates.of(PriceKind.DISK_GB_HOUR)));
        }
        if (filter.instanceId() == null) {
            for (ResourceInterval interval : resources.overlapping(period, filter)) {
                double hours = period.hours(interval.startedAt(), interval.endedAt());
                if (hours == 0) {
                    continue;
                }
                ShowbackLine line = line(lines, grouping, interval.projectId(), interval.userId(),
                        interval.kind().code(), interval.resourceId(), interval.subtype());
                rate(line, interval, hours, rates);
            }
        }
        List<ShowbackLine> sorted = new ArrayList<>(lines.values());
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        ShowbackLine.FIGURES.forEach(f -> totals.put(f, BigDecimal.ZERO.setScale(6)));
        for (ShowbackLine line : sorted) {
            line.figures().forEach((name, value) -> totals.merge(name, value, BigDecimal::add));
        }
        return new Report(period, list.currency(), grouping, sorted, totals);
    }

    private static void rate(ShowbackLine line, ResourceInterval interval, double hours, PriceList.Rates rates) {
        double gbHours = hours * interval.sizeGb();
        if (interval.kind() == ResourceKind.VOLUME) {
            line.add("volume_gb_hours", gbHours);
            line.add("volume_cost", gbHours / PriceKind.HOURS_PER_MONTH
                    * rates.of(PriceKind.VOLUME_GB_MONTH, interval.subtype()));
        } else if (interval.kind() == ResourceKind.FLOATING_IP) {
            line.add("floating_ip_hours", hours);
            line.add("floating_ip_cost", hours * rates.of(PriceKind.FLOATING_IP_HOUR));
        } else {
            line.add("image_gb_hours", gbHours);
            line.add("image_cost", gbHours / PriceKind.HOURS_PER_MONTH * rates.of(PriceKind.IMAGE_GB_MONTH));
        }
    }

    private static ShowbackLine line(Map<String, ShowbackLine> lines, ShowbackGrouping grouping, String projectId,
            String userId, String type, String id, String name) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("project_id", projectId);
        if (grouping != ShowbackGrouping.PROJECT) {
            key.put("user_id", userId);
        }
        if (grouping == ShowbackGrouping.SERVER) {
            key.put("resource_type", type);
            key.put("resource_id", id);
            key.put("name", name);
        }
        String sortKey = String.join("\u0000", key.values().stream().map(v -> v == null ? "" : v).toList());
        return lines.computeIfAbsent(sortKey, k -> new ShowbackLine(key));
    }
}
