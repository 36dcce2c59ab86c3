package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lightcloud.compute.usage.UsageReconciler;
import io.lightcloud.server.testing.ApiClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Showback over the scenario of {@link UsageTestBase} plus a 1 GB volume held from T0+10h to T0+12h: the admin's
 * price list, reports per project, user and server in JSON and CSV that add up to {@code os-simple-tenant-usage},
 * isolation between projects, and validation.
 */
@Tag("database")
class ShowbackTest extends UsageTestBase {
    private static final String PERIOD = "start=2026-01-05T00:00:00&end=2026-01-05T12:00:00";
    /** Per-hour cost of the small flavor by its resources: 1 vCPU × 0.1 + 0.5 GB × 0.05 + 1 GB × 0.01. */
    private static final double SMALL_HOUR = 0.135;

    @Autowired
    UsageReconciler reconciler;

    private SimulatedAgent agent;
    private Scenario scenario;

    @BeforeEach
    void setUp() {
        agent = SimulatedAgent.start(api, admin, unique("host"), 8, 16384, 200, zone);
        scenario = twoServersOverTenHours(agent);
        fixture.volume(scenario.tenant().token(), scenario.tenant().projectId(), unique("billed"));
        reconciler.sweep();
        clock().advance(Duration.ofHours(2));
        reconciler.sweep();
        ApiClient.Response put = api.put("/lightcloud/v1/price-list", admin, Map.of("price_list", Map.of(
                "currency", "CNY", "prices", List.of(
                        Map.of("kind", "flavor_hour", "subject", scenario.large(), "unit_price", 1.0),
                        Map.of("kind", "vcpu_hour", "unit_price", 0.1),
                        Map.of("kind", "ram_gb_hour", "unit_price", 0.05),
                        Map.of("kind", "disk_gb_hour", "unit_price", 0.01),
                        Map.of("kind", "volume_gb_month", "subject", "*", "unit_price", 7.3),
                        Map.of("kind", "floating_ip_hour", "unit_price", 0.02)))));
        assertThat(put.status()).as(put.text()).isEqualTo(200);
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void projectReportRatesEachFlavorIntervalAndTheVolume() {
        JsonNode report = get(scenario.tenant().token(), PERIOD).json().get("showback");
        assertThat(report.get("currency").stringValue()).isEqualTo("CNY");
        assertThat(report.get("lines")).hasSize(1);
        JsonNode line = report.get("lines").get(0);
        assertThat(line.get("project_id").stringValue()).isEqualTo(scenario.tenant().projectId());
        assertThat(line.get("instance_hours").doubleValue()).isCloseTo(5 + 11, within(1e-6));
        assertThat(line.get("vcpu_hours").doubleValue()).isCloseTo(2 * 1 + 3 * 2 + 11 * 1, within(1e-6));
        assertThat(line.get("volume_gb_hours").doubleValue()).isCloseTo(2, within(1e-6));
        double compute = 2 * SMALL_HOUR + 3 * 1.0 + 11 * SMALL_HOUR;
        assertThat(line.get("compute_cost").doubleValue()).isCloseTo(compute, within(1e-6));
        assertThat(line.get("volume_cost").doubleValue()).as("2 GB-hours at 7.3 per GB-month of 730 h")
                .isCloseTo(0.02, within(1e-6));
        assertThat(line.get("total_cost").doubleValue()).isCloseTo(compute + 0.02, within(1e-6));
        assertThat(report.at("/totals/total_cost").doubleValue()).isCloseTo(compute + 0.02, within(1e-6));

        JsonNode byUser = get(scenario.tenant().token(), PERIOD + "&group_by=user").json().get("showback");
        assertThat(byUser.get("lines")).hasSize(1);
        assertThat(byUser.at("/lines/0/user_id").stringValue()).isEqualTo(scenario.tenant().userId());
    }

    @Test
    void csvPerServerAddsUpToTheNovaUsage() {
        ApiClient.Response csv = get(scenario.tenant().token(), PERIOD + "&group_by=server&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("showback-2026-01-05-2026-01-05.csv");
        List<List<String>> rows = new ArrayList<>();
        csv.text().lines().forEach(line -> rows.add(List.of(line.split(",", -1))));
        List<String> header = rows.get(0);
        assertThat(header).startsWith("project_id", "user_id", "resource_type", "resource_id", "name");
        int type = header.indexOf("resource_type");
        int vcpuHours = header.indexOf("vcpu_hours");
        int ramHours = header.indexOf("ram_mb_hours");
        int hours = header.indexOf("instance_hours");
        int total = header.indexOf("total_cost");
        List<List<String>> lines = rows.subList(1, rows.size() - 1);
        assertThat(lines).extracting(row -> row.get(type)).containsExactlyInAnyOrder("server", "server", "volume");

        JsonNode nova = fixture.nova("GET", "/os-simple-tenant-usage/" + scenario.tenant().projectId() + "?"
                + PERIOD, scenario.tenant().token(), null).json().get("tenant_usage");
        assertThat(sum(lines, vcpuHours)).isEqualByComparingTo(decimal(nova.get("total_vcpus_usage")));
        assertThat(sum(lines, ramHours)).isEqualByComparingTo(decimal(nova.get("total_memory_mb_usage")));
        assertThat(sum(lines, hours)).isEqualByComparingTo(decimal(nova.get("total_hours")));
        List<String> totals = rows.get(rows.size() - 1);
        assertThat(totals.get(0)).isEqualTo("total");
        assertThat(new BigDecimal(totals.get(total))).as("the total row adds the lines")
                .isEqualByComparingTo(sum(lines, total));
        assertThat(new BigDecimal(totals.get(total)).doubleValue())
                .isCloseTo(13 * SMALL_HOUR + 3 + 0.02, within(1e-6));
    }

    @Test
    void projectsSeeOnlyTheirOwnAndOnlyTheAdminPrices() {
        assertThat(get(scenario.other().token(), PERIOD + "&project_id=" + scenario.tenant().projectId()).status())
                .as("another project's report").isEqualTo(403);
        assertThat(get(scenario.other().token(), PERIOD).json().at("/showback/lines")).as("their own: nothing")
                .isEmpty();
        assertThat(get(scenario.tenant().token(), PERIOD + "&group_by=server&server_id=" + scenario.running())
                .json().at("/showback/lines")).hasSize(1);
        JsonNode all = get(admin, PERIOD).json().at("/showback/lines");
        assertThat(all.findValuesAsString("project_id")).contains(scenario.tenant().projectId());

        assertThat(api.put("/lightcloud/v1/price-list", scenario.tenant().token(), Map.of("price_list",
                Map.of("currency", "CNY", "prices", List.of()))).status()).isEqualTo(403);
        JsonNode prices = api.get("/lightcloud/v1/price-list", scenario.tenant().token()).json().get("price_list");
        assertThat(prices.get("prices")).hasSize(6);
    }

    @Test
    void badPeriodsAndPricesAreRefusedAndChangeNothing() {
        String token = scenario.tenant().token();
        assertThat(get(token, "start=2026-01-05T12:00:00&end=2026-01-05T00:00:00").status()).isEqualTo(400);
        assertThat(get(token, "start=last-week").status()).isEqualTo(400);
        assertThat(get(token, "start=2024-01-01T00:00:00&end=2026-01-05T00:00:00").status()).as("over 400 days")
                .isEqualTo(400);
        assertThat(get(token, PERIOD + "&group_by=planet").status()).isEqualTo(400);
        assertThat(get(token, PERIOD + "&format=xml").status()).isEqualTo(400);
        assertThat(get(token, PERIOD + "&sort=cost").status()).isEqualTo(400);

        for (Object bad : List.of(
                Map.of("kind", "vcpu_hour", "unit_price", -1),
                Map.of("kind", "vcpu_hour", "unit_price", "cheap"),
                Map.of("kind", "gpu_hour", "unit_price", 1),
                Map.of("kind", "flavor_hour", "unit_price", 1),
                Map.of("kind", "vcpu_hour", "subject", "m1.small", "unit_price", 1),
                Map.of("kind", "vcpu_hour", "unit_price", 0.1234567))) {
            ApiClient.Response refused = api.put("/lightcloud/v1/price-list", admin, Map.of("price_list",
                    Map.of("currency", "CNY", "prices", List.of(Map.of("kind", "floating_ip_hour", "unit_price", 9),
                            bad))));
            assertThat(refused.status()).as(bad + ": " + refused.text()).isEqualTo(400);
        }
        assertThat(api.put("/lightcloud/v1/price-list", admin, Map.of("price_list", Map.of("currency", "yuan",
                "prices", List.of()))).status()).isEqualTo(400);
        assertThat(api.put("/lightcloud/v1/price-list", admin, Map.of("price_list", Map.of("currency", "CNY",
                "prices", List.of(Map.of("kind", "vcpu_hour", "unit_price", 1), Map.of("kind", "vcpu_hour",
                        "unit_price", 2))))).status()).as("duplicate").isEqualTo(400);
        JsonNode prices = api.get("/lightcloud/v1/price-list", admin).json().get("price_list");
        assertThat(prices.get("prices")).as("unchanged").hasSize(6);
        assertThat(prices.findValuesAsString("kind")).doesNotContain("gpu_hour");
    }

    private ApiClient.Response get(String token, String query) {
        return api.get("/lightcloud/v1/showback?" + query, token);
    }

    private static BigDecimal sum(List<List<String>> rows, int column) {
        return rows.stream().map(row -> new BigDecimal(row.get(column))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal decimal(JsonNode value) {
        return new BigDecimal(value.asString()).setScale(6, java.math.RoundingMode.HALF_UP);
    }
}
