package io.lightcloud.agent.driver.qemu;

import static io.lightcloud.agent.driver.qemu.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.VolumeAttachment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class QemuCommandTest {
    private static final Path DIR = Path.of("/var/lib/lightcloud/instances/" + Specs.INSTANCE_ID);
    private final QemuDriverConfig config = QemuDriverConfig.defaults(Path.of("/var/lib/lightcloud/instances"));
    private final InstanceLayout layout = new InstanceLayout(Specs.INSTANCE_ID, DIR);
    private final VolumeAttachment volume = new VolumeAttachment("0a1b2c3d-0000-4000-8000-000000000001",
            Path.of("/volumes/data,1.qcow2"), "qcow2", true);
    private final InstanceRecord record = InstanceRecord.create(
            spec(List.of(Nic.virtio("tap-a1", "fa:16:3e:00:00:01")), List.of(volume)), 7);

    @Test
    void tcgCommandLine() {
        List<String> argv = new QemuCommand(config, Accelerator.TCG, JsonMapper.builder().build())
                .build(layout, record, false);

        assertThat(argv).startsWith("qemu-system-x86_64", "-name", "guest=web,, 1,debug-threads=on",
                "-uuid", Specs.INSTANCE_ID, "-no-user-config", "-nodefaults", "-machine", "pc,accel=tcg",
                "-cpu", "max", "-smp", "2,sockets=2,cores=1,threads=1", "-m", "512");
        assertThat(String.join(" ", argv))
                .contains("-daemonize -pidfile " + DIR + "/qemu.pid -D " + DIR + "/qemu.log")
                .contains("-qmp unix:" + DIR + "/qmp.sock,server=on,wait=off")
                .contains("-chardev file,id=charserial0,path=" + DIR + "/console.log,append=on"
                        + " -device isa-serial,chardev=charserial0,id=serial0")
                .contains("-vnc 127.0.0.1:7")
                .contains("-device VGA,id=video0,bus=pci.0,addr=0x2")
                .contains("-blockdev {\"driver\":\"qcow2\",\"node-name\":\"root\",\"file\":{\"driver\":\"file\","
                        + "\"filename\":\"" + DIR + "/disk\"}}"
                        + " -device virtio-blk-pci,drive=root,id=disk-root,bus=pci.0,addr=0x3,bootindex=1")
                .contains("-blockdev {\"driver\":\"raw\",\"node-name\":\"configdrive\",\"read-only\":true,"
                        + "\"file\":{\"driver\":\"file\",\"filename\":\"" + DIR + "/config.iso\",\"read-only\":true}}"
                        + " -device ide-cd,drive=configdrive,id=config-drive,bus=ide.1,unit=0")
                .contains("-netdev tap,id=net-tap-a1,ifname=tap-a1,script=no,downscript=no"
                        + " -device virtio-net-pci,netdev=net-tap-a1,id=nic-tap-a1,mac=fa:16:3e:00:00:01,bus=pci.0,"
                        + "addr=0x4")
                .contains("-blockdev {\"driver\":\"qcow2\",\"node-name\":\"vol12\",\"read-only\":true,"
                        + "\"file\":{\"driver\":\"file\",\"filename\":\"/volumes/data,1.qcow2\",\"read-only\":true}}"
                        + " -device virtio-blk-pci,drive=vol12,id=vol-" + volume.volumeId() + ",serial="
                        + volume.volumeId() + ",bus=pci.0,addr=0xc")
                .doesNotContain("-incoming");
    }

    @Test
    void kvmUsesTheHostCpuAndRestoreWaitsForIncomingState() {
        List<String> argv = new QemuCommand(config, Accelerator.KVM, JsonMapper.builder().build())
                .build(layout, record, true);

        assertThat(String.join(" ", argv)).contains("-machine pc,accel=kvm -cpu host");
        assertThat(argv).endsWith("-incoming", "defer");
    }
}
