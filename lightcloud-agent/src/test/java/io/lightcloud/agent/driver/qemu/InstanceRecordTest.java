package io.lightcloud.agent.driver.qemu;

import static io.lightcloud.agent.driver.qemu.Specs.spec;
import static io.lightcloud.agent.driver.qemu.Specs.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.agent.driver.InstanceMetadata;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.VolumeAttachment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class InstanceRecordTest {
    @TempDir
    Path dir;

    @Test
    void volumesKeepTheirSlotsAndNewOnesFillGaps() {
        InstanceRecord record = InstanceRecord.create(spec(List.of(), List.of(volume("a"), volume("b"))), 3);
        assertThat(record.volumeSlots()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 12, "b", 13));

        InstanceSpec spec = record.spec();
        record = record.withSpec(spec.withVolumes(List.of(volume("b"), volume("c"))));
        assertThat(record.volumeSlots()).containsExactlyInAnyOrderEntriesOf(Map.of("b", 13, "c", 12));
        assertThat(record.vncDisplay()).isEqualTo(3);
    }

    @Test
    void slotsRunOut() {
        List<VolumeAttachment> twenty = IntStream.range(0, 20).mapToObj(i -> volume("v" + i)).toList();
        InstanceRecord record = InstanceRecord.create(spec(List.of(), twenty), 0);
        assertThat(record.volumeSlots().values()).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(12, 31).boxed().toList());
        List<VolumeAttachment> more = new ArrayList<>(twenty);
        more.add(volume("one-too-many"));
        assertThatThrownBy(() -> record.withSpec(record.spec().withVolumes(more)))
                .hasMessageContaining("at most 20 volumes");
    }

    @Test
    void tooManyNics() {
        List<Nic> nics = IntStream.range(0, 9).mapToObj(i -> Nic.virtio("tap" + i, "fa:16:3e:00:00:0" + i)).toList();
        assertThatThrownBy(() -> InstanceRecord.create(spec(nics, List.of()), 0))
                .hasMessageContaining("at most 8 NICs");
    }

    @Test
    void nicsKeepTheirSlotsWhenOthersComeAndGo() {
        Nic first = Nic.virtio("tap-first", "fa:16:3e:00:00:01");
        Nic second = Nic.virtio("tap-second", "fa:16:3e:00:00:02");
        Nic third = Nic.virtio("tap-third", "fa:16:3e:00:00:03");
        InstanceRecord record = InstanceRecord.create(spec(List.of(first, second), List.of()), 0);
        assertThat(record.nicSlotOf("tap-first")).isEqualTo(4);
        assertThat(record.nicSlotOf("tap-second")).isEqualTo(5);

        InstanceRecord changed = record.withSpec(record.spec().withNics(List.of(second, third)));
        assertThat(changed.nicSlotOf("tap-second")).as("unchanged by the first NIC's detach").isEqualTo(5);
        assertThat(changed.nicSlotOf("tap-third")).as("the lowest free slot").isEqualTo(4);
        assertThatThrownBy(() -> changed.nicSlotOf("tap-first")).hasMessageContaining("not attached");
    }

    @Test
    void survivesTheStoreRoundTrip() throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        InstanceMetadata metadata = new InstanceMetadata("web-1", "p1", "nova", 2, Map.of("role", "web"),
                Map.of("k1", "ssh-ed25519 AAAA k1"), Base64.getEncoder().encodeToString(new byte[] {0, 1, 2}),
                mapper.readTree("{\"links\": [{\"id\": \"tap0\"}]}"), null);
        InstanceSpec spec = spec(List.of(Nic.virtio("tap0", "fa:16:3e:00:00:01")), List.of(volume("a")));
        spec = new InstanceSpec(spec.instanceId(), spec.name(), spec.vcpus(), spec.memoryMb(), spec.rootDiskGb(),
                spec.image(), metadata, spec.configDrive(), spec.nics(), spec.volumes());
        InstanceRecord record = InstanceRecord.create(spec, 5).withCommand(List.of("qemu-system-x86_64", "-m", "1"));
        InstanceLayout layout = new InstanceLayout(spec.instanceId(), Files.createDirectories(dir.resolve("i")));
        InstanceStore store = new InstanceStore(mapper);

        store.write(layout, record);

        assertThat(store.read(layout)).contains(record);
        assertThat(store.read(new InstanceLayout(spec.instanceId(), dir.resolve("missing")))).isEmpty();
    }
}
