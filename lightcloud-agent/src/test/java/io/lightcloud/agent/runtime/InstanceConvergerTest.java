package io.lightcloud.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.controller.ControllerClient;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.protocol.PowerState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The reconciliation rules of docs/agent-protocol.md, against an in-memory hypervisor. */
class InstanceConvergerTest {
    private static final String ID = "5b1e7c2a-0d3f-4c55-9a41-0123456789ab";
    private static final String PORT = "9d0c3b1a-7e55-4d2c-8a10-fedcba987654";
    private static final String OTHER_PORT = "11112222-3333-4444-5555-666677778888";

    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final RecordingDriver driver = new RecordingDriver();
    private final List<String> plugged = new ArrayList<>();
    private AppliedStateStore store;
    private InstanceConverger converger;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        store = new AppliedStateStore(dir.resolve("applied"), mapper);
        ControllerClient unreachable = new ControllerClient(URI.create("http://127.0.0.1:9"), "host:secret", mapper);
        converger = new InstanceConverger(driver, new ImageFetcher(driver, unreachable, dir.resolve("downloads")),
                store, plugged::add,
                new SnapshotTaker(driver, unreachable, dir.resolve("snapshots")), Duration.ofSeconds(1));
    }

    @Test
    void aNewServerIsSpawnedWithItsNicsPluggedFirstAndTheRevisionApplied() {
        converger.converge(spec(1, "running", 0, List.of(PORT)));

        assertThat(driver.calls).containsExactly("spawn " + ID);
        assertThat(plugged).containsExactly(PORT);
        assertThat(store.read(ID).orElseThrow().appliedRevision()).isEqualTo(1);
        assertThat(driver.specs.get(ID).nics()).extracting(Nic::macAddress).containsExactly("fa:16:3e:00:00:01");
    }

    @Test
    void aNewRevisionChangesPowerAndNicsButAnUnchangedOneLeavesADeadVmAlone() {
        converger.converge(spec(1, "running", 0, List.of(PORT)));
        driver.power.put(ID, PowerState.CRASHED);
        driver.calls.clear();

        converger.converge(spec(1, "running", 0, List.of(PORT)));
        assertThat(driver.calls).as("the controller decides about a VM that died").isEmpty();

        converger.converge(spec(2, "running", 0, List.of(OTHER_PORT)));
        assertThat(driver.calls).containsExactly("detachInterface " + ID + " tap" + PORT.substring(0, 11),
                "attachInterface " + ID + " tap" + OTHER_PORT.substring(0, 11), "powerOn " + ID);
        assertThat(store.read(ID).orElseThrow().appliedRevision()).isEqualTo(2);

        driver.calls.clear();
        converger.converge(spec(3, "stopped", 0, List.of(OTHER_PORT)));
        assertThat(driver.calls).containsExactly("powerOff " + ID);
    }

    @Test
    void aRebootCounterRebootsOnce() {
        converger.converge(spec(1, "running", 0, List.of()));
        driver.calls.clear();

        converger.converge(spec(1, "running", 1, List.of()));
        converger.converge(spec(1, "running", 1, List.of()));

        assertThat(driver.calls).containsExactly("reboot " + ID + " HARD");
        assertThat(store.read(ID).orElseThrow().appliedReboot()).isEqualTo(1);
    }

    @Test
    void aFailedRevisionIsReportedAndNotRetriedUntilTheControllerSendsANewOne() {
        driver.failSpawnWith = "Image is corrupt: '/var/lib/lightcloud/instances/_images/abc.qcow2'";

        converger.converge(spec(1, "running", 0, List.of()));
        converger.converge(spec(1, "running", 0, List.of()));

        assertThat(driver.calls).containsExactly("spawn " + ID);
        AppliedState state = store.read(ID).orElseThrow();
        assertThat(state.failedAt(1)).isTrue();
        assertThat(state.errorMessage()).isEqualTo("Image is corrupt: 'abc.qcow2'");

        driver.failSpawnWith = null;
        converger.converge(spec(2, "running", 0, List.of()));
        assertThat(driver.calls).containsExactly("spawn " + ID, "spawn " + ID);
        assertThat(store.read(ID).orElseThrow().appliedRevision()).isEqualTo(2);
    }

    @Test
    void destroyRemovesTheVmAndTheRecord() {
        converger.converge(spec(1, "running", 0, List.of()));

        converger.destroy(ID);

        assertThat(driver.power).doesNotContainKey(ID);
        assertThat(store.read(ID)).isEmpty();
    }

    private DesiredInstance spec(long revision, String power, long reboots, List<String> ports) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("id", ID);
        spec.put("name", "web-1");
        spec.put("hostname", "web-1");
        spec.put("revision", revision);
        spec.put("vcpus", 1);
        spec.put("memory_mb", 128);
        spec.put("root_gb", 1);
        spec.put("image", Map.of("id", "img-1", "disk_format", "qcow2", "url", "/lightcloud/v1/agent/images/img-1",
                "size", 1024));
        spec.put("power", power);
        spec.put("reboot", Map.of("counter", reboots, "hard", true));
        spec.put("rebuild", Map.of("counter", 0));
        spec.put("config_drive", Map.of("meta_data", Map.of("uuid", ID, "hostname", "web-1")));
        spec.put("volumes", List.of());
        List<Map<String, Object>> nics = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            nics.add(Map.of("port_id", ports.get(i), "tap_device", "tap" + ports.get(i).substring(0, 11),
                    "mac_address", "fa:16:3e:00:00:0" + (i + 1), "mtu", 1450));
        }
        spec.put("nics", nics);
        spec.put("snapshots", List.of());
        return DesiredInstance.parse(mapper.valueToTree(spec));
    }
}
