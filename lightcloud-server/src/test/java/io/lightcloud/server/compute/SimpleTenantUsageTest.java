package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lightcloud.compute.usage.UsageReconciler;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.OpenstackCli;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Nova's {@code os-simple-tenant-usage} over the usage ledger, with servers created, resized and deleted at known
 * times on the ledger's clock (a {@link SimulatedAgent} plays the host), read through the API and the real
 * {@code openstack usage} commands.
 */
@Tag("database")
class SimpleTenantUsageTest extends UsageTestBase {
    private static final String START = "2026-01-05T00:00:00";
    private static final String END = "2026-01-05T10:00:00";

    @Autowired
    UsageReconciler reconciler;
    @Autowired
    JdbcClient jdbc;

    private SimulatedAgent agent;
    private ComputeFixture.Tenant tenant;
    private ComputeFixture.Tenant other;
    private String resized;
    private String running;

    @BeforeEach
    void lifeOfTwoServers() {
        agent = SimulatedAgent.start(api, admin, unique("host"), 8, 16384, 200, zone);
        Scenario scenario = twoServersOverTenHours(agent);
        tenant = scenario.tenant();
        other = scenario.other();
        resized = scenario.resized();
        running = scenario.running();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void projectUsageBillsEachFlavorForItsOwnInterval() {
        ApiClient.Response shown = fixture.nova("GET", "/os-simple-tenant-usage/" + tenant.projectId() + "?start="
                + START + "&end=" + END, tenant.token(), null, "2.1");
        assertThat(shown.status()).as(shown.text()).isEqualTo(200);
        JsonNode usage = shown.json().get("tenant_usage");
        assertThat(usage.get("tenant_id").stringValue()).isEqualTo(tenant.projectId());
        assertThat(usage.get("start").stringValue()).isEqualTo("2026-01-05T00:00:00.000000");
        assertThat(usage.get("stop").stringValue()).isEqualTo("2026-01-05T10:00:00.000000");
        assertThat(usage.get("total_hours").doubleValue()).isCloseTo(5 + 9, within(1e-6));
        assertThat(usage.get("total_vcpus_usage").doubleValue()).isCloseTo(2 * 1 + 3 * 2 + 9 * 1, within(1e-6));
        assertThat(usage.get("total_memory_mb_usage").doubleValue())
                .isCloseTo(2 * 512 + 3 * 1024 + 9 * 512, within(1e-6));
        assertThat(usage.get("total_local_gb_usage").doubleValue()).isCloseTo(2 * 1 + 3 * 2 + 9 * 1, within(1e-6));

        JsonNode servers = usage.get("server_usages");
        assertThat(ComputeFixture.ids(servers, "instance_id")).containsExactly(resized, running);
        JsonNode gone = servers.get(0);
        assertThat(gone.get("hours").doubleValue()).isCloseTo(5, within(1e-6));
        assertThat(gone.get("state").stringValue()).isEqualTo("terminated");
        assertThat(gone.get("vcpus").intValue()).as("the latest flavor, as Nova shows it").isEqualTo(2);
        assertThat(gone.get("memory_mb").intValue()).isEqualTo(1024);
        assertThat(gone.get("local_gb").intValue()).isEqualTo(2);
        assertThat(gone.get("started_at").stringValue()).isEqualTo("2026-01-05T00:00:00.000000");
        assertThat(gone.get("ended_at").stringValue()).isEqualTo("2026-01-05T05:00:00.000000");
        assertThat(gone.get("uptime").longValue()).isEqualTo(5 * 3600);
        assertThat(gone.get("tenant_id").stringValue()).isEqualTo(tenant.projectId());
        assertThat(gone.get("name").stringValue()).isEqualTo("resized");
        JsonNode alive = servers.get(1);
        assertThat(alive.get("hours").doubleValue()).isCloseTo(9, within(1e-6));
        assertThat(alive.get("state").stringValue()).isEqualTo("active");
        assertThat(alive.get("ended_at").isNull()).isTrue();
        assertThat(alive.get("uptime").longValue()).isEqualTo(9 * 3600);
        assertThat(alive.get("flavor").stringValue()).startsWith("small-");

        JsonNode window = fixture.nova("GET", "/os-simple-tenant-usage/" + tenant.projectId()
                + "?start=2026-01-05T03:00:00&end=2026-01-05T04:30:00", tenant.token(), null).json()
                .get("tenant_usage");
        assertThat(window.get("total_hours").doubleValue()).isCloseTo(3.0, within(1e-6));
        assertThat(window.get("total_vcpus_usage").doubleValue()).isCloseTo(1.5 * 2 + 1.5, within(1e-6));

        JsonNode future = fixture.nova("GET", "/os-simple-tenant-usage/" + tenant.projectId()
                + "?start=2026-01-05T09:00:00&end=2030-01-01T00:00:00", tenant.token(), null).json()
                .get("tenant_usage");
        assertThat(future.get("stop").stringValue()).as("usage ends now").isEqualTo("2026-01-05T10:00:00.000000");
        assertThat(future.get("total_hours").doubleValue()).isCloseTo(1, within(1e-6));

        JsonNode before = fixture.nova("GET", "/os-simple-tenant-usage/" + tenant.projectId()
                + "?start=2025-12-01T00:00:00&end=2026-01-01T00:00:00", tenant.token(), null).json();
        assertThat(before.get("tenant_usage").isEmpty()).as("Nova's empty usage").isTrue();
    }

    @Test
    void pagesFromMicroversion240() {
        String path = "/os-simple-tenant-usage/" + tenant.projectId() + "?start=" + START + "&end=" + END;
        JsonNode first = fixture.nova("GET", path + "&limit=1", tenant.token(), null, "2.40").json();
        assertThat(ComputeFixture.ids(first.at("/tenant_usage/server_usages"), "instance_id")).containsExactly(resized);
        assertThat(first.at("/tenant_usage/total_hours").doubleValue()).isCloseTo(5, within(1e-6));
        String next = first.at("/server_usages_links/0/href").stringValue();
        assertThat(first.at("/server_usages_links/0/rel").stringValue()).isEqualTo("next");
        assertThat(next).contains("marker=" + resized).contains("limit=1");
        JsonNode second = fixture.nova("GET", path + "&limit=1&marker=" + resized, tenant.token(), null, "2.40")
                .json();
        assertThat(ComputeFixture.ids(second.at("/tenant_usage/server_usages"), "instance_id"))
                .containsExactly(running);
        JsonNode last = fixture.nova("GET", path + "&limit=1&marker=" + running, tenant.token(), null, "2.40").json();
        assertThat(last.get("tenant_usage").isEmpty()).isTrue();
        assertThat(last.has("server_usages_links")).isFalse();
        assertThat(fixture.nova("GET", path + "&marker=" + tenant.projectId(), tenant.token(), null, "2.40")
                .status()).as("unknown marker").isEqualTo(400);
        assertThat(fixture.nova("GET", path + "&limit=-1", tenant.token(), null, "2.40").status()).isEqualTo(400);

        JsonNode listed = fixture.nova("GET", "/os-simple-tenant-usage?detailed=1&limit=1&start=" + START + "&end="
                + END, admin, null, "2.40").json();
        assertThat(listed.get("tenant_usages")).hasSize(1);
        assertThat(listed.at("/tenant_usages_links/0/rel").stringValue()).isEqualTo("next");
    }

    @Test
    void adminListsEveryProjectAndMembersOnlyTheirOwn() {
        JsonNode listed = fixture.nova("GET", "/os-simple-tenant-usage?start=" + START + "&end=" + END, admin, null)
                .json().get("tenant_usages");
        JsonNode mine = null;
        for (JsonNode usage : listed) {
            if (usage.get("tenant_id").stringValue().equals(tenant.projectId())) {
                mine = usage;
            }
        }
        assertThat(mine).as("the project's usage is listed").isNotNull();
        assertThat(mine.has("server_usages")).as("not detailed").isFalse();
        assertThat(mine.get("total_vcpus_usage").doubleValue()).isCloseTo(17, within(1e-6));

        assertThat(fixture.nova("GET", "/os-simple-tenant-usage?start=" + START + "&end=" + END, tenant.token(),
                null).status()).as("listing every project is for admins").isEqualTo(403);
        assertThat(fixture.nova("GET", "/os-simple-tenant-usage/" + tenant.projectId() + "?start=" + START
                + "&end=" + END, other.token(), null).status()).as("another project's usage").isEqualTo(403);
        assertThat(fixture.nova("GET", "/os-simple-tenant-usage/" + tenant.projectId() + "?start=" + START
                + "&end=" + END, admin, null).json().at("/tenant_usage/total_hours").doubleValue())
                .isCloseTo(14, within(1e-6));
    }

    @Test
    void badPeriodsAreRefused() {
        String path = "/os-simple-tenant-usage/" + tenant.projectId();
        ApiClient.Response reversed = fixture.nova("GET", path + "?start=" + END + "&end=" + START, tenant.token(),
                null);
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().at("/badRequest/message").stringValue()).contains("start time");
        assertThat(fixture.nova("GET", path + "?start=yesterday", tenant.token(), null).status()).isEqualTo(400);
        assertThat(fixture.nova("GET", path + "?start=" + START + "&end=" + START, tenant.token(), null).status())
                .isEqualTo(400);
    }

    @Test
    void theLedgerIsRepairedBySweepsAndSweepsAreIdempotent() {
        List<Map<String, Object>> before = intervals();
        reconciler.sweep();
        reconciler.sweep();
        assertThat(intervals()).as("nothing to repair").isEqualTo(before);

        jdbc.sql("DELETE FROM compute_usage_interval WHERE instance_id = ?").param(running).update();
        reconciler.sweep();
        reconciler.sweep();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM compute_usage_interval WHERE open_key = ?").param(running)
                .query(Long.class).single()).as("the running server's open interval is back").isEqualTo(1);
    }

    @Test
    void openstackUsageCommandsPrintTheHours() {
        OpenstackCli member = OpenstackCli.forUser(baseUrl(), tenant.userName(), tenant.password(),
                tenant.userName().replaceFirst("-user$", ""));
        JsonNode shown = member.json("usage", "show", "--project", tenant.projectId(), "--start", "2026-01-05",
                "--end", "2026-01-06");
        assertThat(ComputeFixture.ids(shown.get("Servers"), "instance_id")).containsExactly(resized, running);
        assertThat(shown.get("CPU Hours").doubleValue()).isEqualTo(17.0);
        assertThat(shown.get("RAM MB-Hours").doubleValue()).isEqualTo(8704.0);
        assertThat(shown.get("Disk GB-Hours").doubleValue()).isEqualTo(17.0);
        String table = member.ok("usage", "show", "--project", tenant.projectId(), "--start", "2026-01-05", "--end",
                "2026-01-06").stdout();
        assertThat(table).as(table).containsPattern("Servers\\s+\\|\\s+2\\s")
                .containsPattern("CPU Hours\\s+\\|\\s+17\\.0\\s")
                .containsPattern("RAM MB-Hours\\s+\\|\\s+8704\\.0\\s");

        OpenstackCli cli = OpenstackCli.admin(baseUrl(), ServerTestBase.ADMIN_PASSWORD);
        JsonNode listed = cli.json("usage", "list", "--start", "2026-01-05", "--end", "2026-01-06");
        JsonNode row = null;
        for (JsonNode r : listed) {
            if (r.get("Project").asString().equals(tenant.userName().replaceFirst("-user$", ""))
                    || r.get("Project").asString().equals(tenant.projectId())) {
                row = r;
            }
        }
        assertThat(row).as("the project's row in %s", listed).isNotNull();
        assertThat(row.get("Servers").size()).isEqualTo(2);
        assertThat(row.get("CPU Hours").doubleValue()).isEqualTo(17.0);
        assertThat(member.run("usage", "list", "--start", "2026-01-05").exitCode()).as("members cannot list")
                .isNotZero();
    }

    private List<Map<String, Object>> intervals() {
        return jdbc.sql("SELECT * FROM compute_usage_interval WHERE instance_id IN (?, ?) ORDER BY id")
                .params(resized, running).query().listOfRows();
    }
}
