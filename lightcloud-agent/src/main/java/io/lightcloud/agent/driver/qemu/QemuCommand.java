package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.VolumeAttachment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * The QEMU command line of an instance. Every PCI device gets a fixed slot (see {@link InstanceRecord}) and every
 * disk is a {@code -blockdev} in JSON syntax, which needs no escaping of paths. The machine is {@code pc} (i440fx):
 * the config drive is an IDE cdrom there, which guests without an AHCI driver (like the Debian cloud kernel) see.
 */
public class QemuCommand {
    static final String ROOT_NODE = "root";
    static final String CONFIG_DRIVE_NODE = "configdrive";

    private final QemuDriverConfig config;
    private final Accelerator accelerator;
    private final ObjectMapper mapper;

    public QemuCommand(QemuDriverConfig config, Accelerator accelerator, ObjectMapper mapper) {
        this.config = requireNonNull(config, "config");
        this.accelerator = requireNonNull(accelerator, "accelerator");
        this.mapper = requireNonNull(mapper, "mapper");
    }

    /**
     * The command line that starts the instance. With {@code incoming}, QEMU waits for a saved state to be loaded
     * through QMP {@code migrate-incoming} instead of booting.
     */
    public List<String> build(InstanceLayout layout, InstanceRecord record, boolean incoming) {
        InstanceSpec spec = record.spec();
        List<String> argv = new ArrayList<>();
        argv.add(config.qemuBinary());
        add(argv, "-name", "guest=" + escape(spec.name()) + ",debug-threads=on");
        add(argv, "-uuid", spec.instanceId());
        argv.add("-no-user-config");
        argv.add("-nodefaults");
        add(argv, "-machine", "pc,accel=" + accelerator.qemuName());
        add(argv, "-cpu", accelerator == Accelerator.KVM ? "host" : config.tcgCpuModel());
        add(argv, "-smp", spec.vcpus() + ",sockets=" + spec.vcpus() + ",cores=1,threads=1");
        add(argv, "-m", Integer.toString(spec.memoryMb()));
        add(argv, "-rtc", "base=utc");
        add(argv, "-boot", "strict=on");
        add(argv, "-msg", "timestamp=on");
        argv.add("-daemonize");
        add(argv, "-pidfile", layout.pidFile().toString());
        // With -D, QEMU keeps its stderr on this file after daemonizing instead of /dev/null, so runtime errors
        // (e.g. "KVM internal error") are kept.
        add(argv, "-D", layout.qemuLog().toString());
        add(argv, "-qmp", "unix:" + layout.qmpSocket() + ",server=on,wait=off");
        add(argv, "-chardev", "file,id=charserial0,path=" + layout.consoleLog() + ",append=on");
        add(argv, "-device", "isa-serial,chardev=charserial0,id=serial0");
        add(argv, "-vnc", VncDisplays.LISTEN_ADDRESS + ":" + record.vncDisplay());
        add(argv, "-device", "VGA,id=video0,bus=pci.0,addr=" + hex(InstanceRecord.VGA_SLOT));
        if (spec.image() != null) {
            add(argv, "-blockdev", blockdev(ROOT_NODE, "qcow2", layout.disk().toString(), false));
            add(argv, "-device", "virtio-blk-pci,drive=" + ROOT_NODE + ",id=disk-root,bus=pci.0,addr="
                    + hex(InstanceRecord.ROOT_DISK_SLOT) + ",bootindex=1");
        }
        if (spec.configDrive()) {
            add(argv, "-blockdev", blockdev(CONFIG_DRIVE_NODE, "raw", layout.configDrive().toString(), true));
            add(argv, "-device", "ide-cd,drive=" + CONFIG_DRIVE_NODE + ",id=config-drive,bus=ide.1,unit=0");
        }
        for (Nic nic : spec.nics()) {
            String netdev = InstanceRecord.nicNetdevId(nic.tapDevice());
            add(argv, "-netdev", "tap,id=" + netdev + ",ifname=" + nic.tapDevice() + ",script=no,downscript=no");
            add(argv, "-device", nic.model() + ",netdev=" + netdev + ",id=" + InstanceRecord.nicDeviceId(
                    nic.tapDevice()) + ",mac=" + nic.macAddress() + ",bus=pci.0,addr="
                    + hex(record.nicSlotOf(nic.tapDevice())));
        }
        for (VolumeAttachment volume : spec.volumes()) {
            int slot = record.slotOf(volume.volumeId());
            add(argv, "-blockdev", blockdev(InstanceRecord.volumeNodeName(slot), volume.format(),
                    volume.path().toString(), volume.readOnly()));
            add(argv, "-device", String.join(",", volumeDevice(volume, slot).entrySet().stream()
                    .map(e -> e.getKey().equals("driver") ? e.getValue() : e.getKey() + "=" + e.getValue())
                    .toList()));
        }
        if (incoming) {
            add(argv, "-incoming", "defer");
        }
        return List.copyOf(argv);
    }

    /** The arguments of {@code netdev_add} for a NIC (the same netdev the command line would create). */
    static Map<String, Object> nicNetdev(Nic nic) {
        Map<String, Object> netdev = new LinkedHashMap<>();
        netdev.put("type", "tap");
        netdev.put("id", InstanceRecord.nicNetdevId(nic.tapDevice()));
        netdev.put("ifname", nic.tapDevice());
        netdev.put("script", "no");
        netdev.put("downscript", "no");
        return netdev;
    }

    /** The arguments of {@code device_add} for a NIC in its slot. */
    static Map<String, Object> nicDevice(Nic nic, int slot) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("driver", nic.model());
        device.put("netdev", InstanceRecord.nicNetdevId(nic.tapDevice()));
        device.put("id", InstanceRecord.nicDeviceId(nic.tapDevice()));
        device.put("mac", nic.macAddress());
        device.put("bus", "pci.0");
        device.put("addr", hex(slot));
        return device;
    }

    /** The arguments of {@code blockdev-add} for a volume (the same node the command line would create). */
    Map<String, Object> volumeBlockdev(VolumeAttachment volume, int slot) {
        return blockdevArguments(InstanceRecord.volumeNodeName(slot), volume.format(), volume.path().toString(),
                volume.readOnly());
    }

    /** The arguments of {@code device_add} for a volume, starting with its driver. */
    static Map<String, String> volumeDevice(VolumeAttachment volume, int slot) {
        Map<String, String> device = new LinkedHashMap<>();
        device.put("driver", "virtio-blk-pci");
        device.put("drive", InstanceRecord.volumeNodeName(slot));
        device.put("id", InstanceRecord.volumeDeviceId(volume.volumeId()));
        device.put("serial", volume.volumeId());
        device.put("bus", "pci.0");
        device.put("addr", hex(slot));
        if (volume.boot()) {
            device.put("bootindex", "1");
        }
        return device;
    }

    private String blockdev(String node, String format, String file, boolean readOnly) {
        return mapper.writeValueAsString(blockdevArguments(node, format, file, readOnly));
    }

    private static Map<String, Object> blockdevArguments(String node, String format, String file, boolean readOnly) {
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("driver", "file");
        protocol.put("filename", file);
        if (readOnly) {
            protocol.put("read-only", true);
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("driver", format);
        arguments.put("node-name", node);
        if (readOnly) {
            arguments.put("read-only", true);
        }
        arguments.put("file", protocol);
        return arguments;
    }

    /** QEMU's option syntax: a comma inside a value is written twice. */
    static String escape(String value) {
        return value.replace(",", ",,");
    }

    private static String hex(int slot) {
        return "0x" + Integer.toHexString(slot);
    }

    private static void add(List<String> argv, String option, String value) {
        argv.add(option);
        argv.add(value);
    }
}
