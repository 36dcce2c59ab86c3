package io.lightcloud.server.compute;

import static io.lightcloud.server.monitoring.MonitoringTestBase.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lightcloud.agent.metrics.ProcFs;
import io.lightcloud.monitoring.stack.MonitoringStack;
import io.lightcloud.server.monitoring.DingTalkReceiver;
import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The acceptance path on a real VM: the test image's user data busy-loops its vCPU; the local agent's exporter
 * serves its vCPU thread's time, RSS and QMP block statistics to the real Prometheus; the chart API shows the CPU
 * the vCPU thread really used (≈100% when the machine has a free core; the shared build machine gives it less, so
 * the chart is compared with the thread's /proc accounting and the rule's threshold is 10%); "CPU > 10% for 30 s"
 * fires through Alertmanager to the DingTalk-compatible receiver as one markdown message; stopping the VM resolves
 * it and the resolution is sent.
 */
class QemuAlertingEndToEndTest extends LocalAgentServerTestBase {
    static final int BUSY_PERCENT = 10;

    @Autowired
    MonitoringStack stack;

    @Test
    void busyVmFiresTheCpuRuleAndStoppingItResolves() throws Exception {
        String flavor = fixture.flavor(unique("mon-small"), 1, 256, 1);
        Map<String, Object> body = fixture.serverBody(unique("mon-busy"), flavor, testImage(unique("mon-image")));
        body.put("user_data", Base64.getEncoder().encodeToString("#!/bin/sh\nwhile :; do :; done\n".getBytes()));
        String id = fixture.createServer(admin, body);
        awaitBoot(id, 1);
        long pid = livePid(id).orElseThrow();

        try (DingTalkReceiver robot = new DingTalkReceiver("SEC-e2e")) {
            ApiClient.Response channel = api.post("/lightcloud/v1/alert-channels", admin, Map.of("alert_channel",
                    Map.of("name", "e2e robot", "type", "dingtalk", "language", "en",
                            "config", Map.of("url", robot.url(), "secret", "SEC-e2e"))));
            assertThat(channel.status()).as(channel.text()).isEqualTo(201);
            ApiClient.Response rule = api.post("/lightcloud/v1/alert-rules", admin, Map.of("alert_rule", Map.of(
                    "name", "VM busy", "metric", "cpu_percent", "scope", Map.of("type", "server", "value", id),
                    "comparator", ">", "threshold", BUSY_PERCENT, "for_seconds", 30,
                    "channel_ids", List.of(channel.json().at("/alert_channel/id").asString()))));
            assertThat(rule.status()).as(rule.text()).isEqualTo(201);
            robot.throttleNext(1);

            await("the VM's CPU chart to show the busy loop", Duration.ofSeconds(120),
                    () -> lastCpuPercent(id) >= BUSY_PERCENT);
            double before = vcpuSeconds(pid);
            Thread.sleep(20_000);
            double truth = (vcpuSeconds(pid) - before) / 20 * 100;
            assertThat(lastCpuPercent(id)).isCloseTo(truth, within(25.0));
            ApiClient prometheus = new ApiClient(stack.prometheus().orElseThrow().toString().replaceAll("/$", ""));
            assertThat(prometheus.get("/api/v1/query?query=lightcloud_vm_disk_read_bytes_total%7Binstance_id%3D%22"
                    + id + "%22%2Cdisk%3D%22root%22%7D", null).json().at("/data/result")).hasSize(1);

            await("the firing message", Duration.ofSeconds(150), () -> !robot.accepted().isEmpty());
            assertThat(robot.accepted().get(0).at("/markdown/title").asString()).startsWith("[FIRING] VM busy");
            assertThat(robot.throttled()).isEqualTo(1);

            fixture.action(admin, id, Map.of("os-stop", Map.of()), 202);
            await("the resolution message", Duration.ofSeconds(150), () -> robot.accepted().size() >= 2);
            assertThat(robot.accepted()).hasSize(2);
            assertThat(robot.accepted().get(1).at("/markdown/title").asString()).startsWith("[RESOLVED] VM busy");
        } finally {
            fixture.nova("DELETE", "/servers/" + id, admin, null);
        }
    }

    private double lastCpuPercent(String id) {
        JsonNode cpu = api.get("/lightcloud/v1/monitoring/servers/" + id + "/charts?range=1h", admin).json()
                .at("/charts/series/0/points");
        return cpu.isEmpty() ? 0 : cpu.get(cpu.size() - 1).get(1).asDouble();
    }

    private static double vcpuSeconds(long pid) throws IOException {
        ProcFs proc = new ProcFs(Path.of("/proc"));
        double total = 0;
        for (ProcFs.VcpuThread thread : proc.vcpuThreads(pid)) {
            total += proc.threadCpuSeconds(pid, thread.tid());
        }
        return total;
    }
}
