package io.lightcloud.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class VmMetricsCollectorTest {
    static final String VM_A = "11111111-1111-1111-1111-111111111111";
    static final String VM_B = "22222222-2222-2222-2222-222222222222";
    static final String VOLUME = "33333333-3333-3333-3333-333333333333";
    static final JsonNode BLOCKSTATS = JsonMapper.builder().build().readTree("""
            [{"device": "", "qdev": "/machine/peripheral/disk-root/virtio-backend",
              "stats": {"rd_bytes": 4096, "wr_bytes": 8192, "rd_operations": 3, "wr_operations": 4}},
             {"device": "", "qdev": "/machine/peripheral/vol-%s/virtio-backend",
              "stats": {"rd_bytes": 1, "wr_bytes": 2, "rd_operations": 5, "wr_operations": 6}},
             {"device": "", "qdev": "config-drive", "stats": {"rd_bytes": 99}}]
            """.formatted(VOLUME));

    @TempDir
    Path tmp;

    @Test
    void exportsCpuPerVcpuMemoryDisksAndTapsWithIdLabels() {
        FakeProc proc = new FakeProc(tmp);
        proc.process(100, 2, 2560, "4026531840", List.of("tapaaaaaaaa-bb"));
        Inventory inventory = new Inventory(List.of(new MonitoredVm(VM_A, "project-a", 100, true,
                Map.of("tapaaaaaaaa-bb", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"))));

        String text = new VmMetricsCollector(inventory, new ProcFs(tmp)).scrape();

        String labels = "instance_id=\"" + VM_A + "\",project_id=\"project-a\"";
        assertThat(text).contains("# TYPE lightcloud_vm_vcpu_seconds_total counter\n")
                .contains("lightcloud_vm_vcpu_seconds_total{" + labels + ",vcpu=\"0\"} 1.5\n")
                .contains("lightcloud_vm_vcpu_seconds_total{" + labels + ",vcpu=\"1\"} 3\n")
                .contains("lightcloud_vm_memory_rss_bytes{" + labels + "} " + 2560L * 4096 + "\n")
                .contains("lightcloud_vm_running{" + labels + "} 1\n")
                .contains("lightcloud_vm_down{" + labels + "} 0\n")
                // The tap transmits what the guest receives.
                .contains("lightcloud_vm_network_receive_bytes_total{" + labels
                        + ",port_id=\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\"} 5000\n")
                .contains("lightcloud_vm_network_transmit_bytes_total{" + labels
                        + ",port_id=\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\"} 1000\n")
                .contains("lightcloud_vm_network_receive_drops_total{" + labels
                        + ",port_id=\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\"} 2\n")
                .contains("lightcloud_vm_disk_write_bytes_total{" + labels + ",disk=\"root\"} 8192\n")
                .contains("lightcloud_vm_disk_read_operations_total{" + labels + ",disk=\"volume\",volume_id=\""
                        + VOLUME + "\"} 5\n")
                .doesNotContain("99");
        assertThat(text.split("# TYPE lightcloud_vm_vcpu_seconds_total", -1)).hasSize(2);
    }

    @Test
    void aVmThatVanishesMidScrapeLosesOnlyItsOwnSeries() {
        FakeProc proc = new FakeProc(tmp);
        proc.process(100, 1, 100, "1", List.of());
        proc.process(200, 1, 100, "1", List.of());
        proc.remove(200);
        Inventory inventory = new Inventory(List.of(new MonitoredVm(VM_A, "p", 100, true, Map.of()),
                new MonitoredVm(VM_B, "p", 200, true, Map.of())));
        inventory.goneFromQmp.add(VM_B);

        String text = new VmMetricsCollector(inventory, new ProcFs(tmp)).scrape();

        assertThat(text).contains("lightcloud_vm_vcpu_seconds_total{instance_id=\"" + VM_A)
                .doesNotContain("lightcloud_vm_vcpu_seconds_total{instance_id=\"" + VM_B)
                .doesNotContain("lightcloud_vm_memory_rss_bytes{instance_id=\"" + VM_B)
                .contains("lightcloud_agent_vms 2\n");
    }

    @Test
    void aStoppedVmThatShouldRunIsDown() {
        Inventory inventory = new Inventory(List.of(new MonitoredVm(VM_A, "p", 0, true, Map.of()),
                new MonitoredVm(VM_B, "p", 0, false, Map.of())));

        String text = new VmMetricsCollector(inventory, new ProcFs(tmp)).scrape();

        assertThat(text).contains("lightcloud_vm_down{instance_id=\"" + VM_A + "\",project_id=\"p\"} 1\n")
                .contains("lightcloud_vm_down{instance_id=\"" + VM_B + "\",project_id=\"p\"} 0\n")
                .contains("lightcloud_vm_running{instance_id=\"" + VM_A + "\",project_id=\"p\"} 0\n")
                .doesNotContain("lightcloud_vm_vcpu_seconds_total{");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(VmMetricsCollector.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    /** A simulated inventory: the VMs as listed; block stats fail for VMs whose monitor is gone. */
    static final class Inventory implements VmInventory {
        final List<MonitoredVm> vms;
        final List<String> goneFromQmp = new ArrayList<>();

        Inventory(List<MonitoredVm> vms) {
            this.vms = vms;
        }

        @Override
        public List<MonitoredVm> vms() {
            return vms;
        }

        @Override
        public JsonNode blockStats(String instanceId) {
            if (goneFromQmp.contains(instanceId)) {
                throw new IllegalStateException("QMP connection closed");
            }
            return BLOCKSTATS;
        }
    }
}
