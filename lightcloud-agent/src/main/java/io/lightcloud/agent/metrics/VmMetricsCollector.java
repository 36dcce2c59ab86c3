package io.lightcloud.agent.metrics;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Renders the per-VM metrics of one host in Prometheus's text format. Each VM is read on its own: one that vanishes
 * mid-scrape (its {@code /proc} entry or QMP monitor gone) loses only its own series, and the scrape still succeeds.
 * Network counters are the tap's, turned around to the guest's view (what the tap transmits, the guest receives).
 */
public final class VmMetricsCollector {
    private static final Logger log = LoggerFactory.getLogger(VmMetricsCollector.class);
    private static final String PERIPHERAL = "/machine/peripheral/";

    private final VmInventory inventory;
    private final ProcFs proc;

    public VmMetricsCollector(VmInventory inventory, ProcFs proc) {
        this.inventory = requireNonNull(inventory, "inventory");
        this.proc = requireNonNull(proc, "proc");
    }

    public String scrape() {
        long started = System.nanoTime();
        Families out = new Families();
        Map<String, Map<String, ProcFs.NetDev>> namespaces = new HashMap<>();
        Set<Long> pids = new HashSet<>();
        int vms = 0;
        for (MonitoredVm vm : inventory.vms()) {
            vms++;
            String base = "instance_id=\"" + escape(vm.instanceId()) + "\",project_id=\"" + escape(vm.projectId())
                    + "\"";
            out.add("lightcloud_vm_running", "gauge", "1 if the VM's QEMU process runs.", base,
                    vm.running() ? 1 : 0);
            out.add("lightcloud_vm_down", "gauge", "1 if the VM should run but does not.", base,
                    vm.shouldRun() && !vm.running() ? 1 : 0);
            if (!vm.running()) {
                continue;
            }
            pids.add(vm.pid());
            try {
                collectProcess(vm, base, out, namespaces);
            } catch (IOException | RuntimeException e) {
                log.debug("VM vanished or unreadable during scrape instance={} error=\"{}\"", vm.instanceId(),
                        e.getMessage());
                continue;
            }
            collectBlockStats(vm, base, out);
        }
        proc.retainProcesses(pids);
        out.add("lightcloud_agent_vms", "gauge", "VMs the agent knows about.", "", vms);
        out.add("lightcloud_agent_scrape_seconds", "gauge", "Time the agent took to collect this scrape.", "",
                (System.nanoTime() - started) / 1e9);
        return out.render();
    }

    private void collectProcess(MonitoredVm vm, String base, Families out,
            Map<String, Map<String, ProcFs.NetDev>> namespaces) throws IOException {
        Families mine = new Families();
        for (ProcFs.VcpuThread thread : proc.vcpuThreads(vm.pid())) {
            mine.add("lightcloud_vm_vcpu_seconds_total", "counter", "CPU time of each vCPU thread of the VM.",
                    base + ",vcpu=\"" + thread.index() + "\"", proc.threadCpuSeconds(vm.pid(), thread.tid()));
        }
        mine.add("lightcloud_vm_memory_rss_bytes", "gauge", "Resident memory of the VM's QEMU process.", base,
                proc.residentBytes(vm.pid()));
        if (!vm.portsByTap().isEmpty()) {
            String namespace = proc.networkNamespace(vm.pid());
            Map<String, ProcFs.NetDev> devices = namespaces.get(namespace);
            if (devices == null) {
                devices = proc.netDev(vm.pid());
                namespaces.put(namespace, devices);
            }
            for (Map.Entry<String, String> port : vm.portsByTap().entrySet()) {
                ProcFs.NetDev tap = devices.get(port.getKey());
                if (tap == null) {
                    continue;
                }
                String labels = base + ",port_id=\"" + escape(port.getValue()) + "\"";
                mine.add("lightcloud_vm_network_receive_bytes_total", "counter", "Bytes the guest received.",
                        labels, tap.txBytes());
                mine.add("lightcloud_vm_network_transmit_bytes_total", "counter", "Bytes the guest sent.", labels,
                        tap.rxBytes());
                mine.add("lightcloud_vm_network_receive_packets_total", "counter", "Packets the guest received.",
                        labels, tap.txPackets());
                mine.add("lightcloud_vm_network_transmit_packets_total", "counter", "Packets the guest sent.",
                        labels, tap.rxPackets());
                mine.add("lightcloud_vm_network_receive_drops_total", "counter",
                        "Packets to the guest dropped on the host.", labels, tap.txDropped());
                mine.add("lightcloud_vm_network_transmit_drops_total", "counter",
                        "Packets from the guest dropped on the host.", labels, tap.rxDropped());
            }
        }
        out.addAll(mine);
    }

    private void collectBlockStats(MonitoredVm vm, String base, Families out) {
        JsonNode devices;
        try {
            devices = inventory.blockStats(vm.instanceId());
        } catch (RuntimeException e) {
            log.debug("block stats unavailable instance={} error=\"{}\"", vm.instanceId(), e.getMessage());
            return;
        }
        for (JsonNode device : devices) {
            String disk = diskOf(device.path("qdev").asString(""));
            if (disk == null) {
                continue;
            }
            String labels = base + (disk.equals("root") ? ",disk=\"root\"" : ",disk=\"volume\",volume_id=\""
                    + escape(disk) + "\"");
            JsonNode stats = device.path("stats");
            out.add("lightcloud_vm_disk_read_bytes_total", "counter", "Bytes the guest read from the disk.", labels,
                    stats.path("rd_bytes").asLong());
            out.add("lightcloud_vm_disk_write_bytes_total", "counter", "Bytes the guest wrote to the disk.", labels,
                    stats.path("wr_bytes").asLong());
            out.add("lightcloud_vm_disk_read_operations_total", "counter", "Read requests of the guest.", labels,
                    stats.path("rd_operations").asLong());
            out.add("lightcloud_vm_disk_write_operations_total", "counter", "Write requests of the guest.", labels,
                    stats.path("wr_operations").asLong());
        }
    }

    /** "root" for the root disk, the volume id for a volume, null for anything else (the config drive). */
    static String diskOf(String qdev) {
        if (!qdev.startsWith(PERIPHERAL)) {
            return null;
        }
        String rest = qdev.substring(PERIPHERAL.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        if (id.equals("disk-root")) {
            return "root";
        }
        return id.startsWith("vol-") ? id.substring(4) : null;
    }

    static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Samples grouped by metric family, so each family's HELP and TYPE is written once. */
    private static final class Families {
        private final Map<String, StringBuilder> samples = new LinkedHashMap<>();
        private final Map<String, String> headers = new HashMap<>();

        void add(String name, String type, String help, String labels, double value) {
            StringBuilder family = samples.computeIfAbsent(name, n -> new StringBuilder());
            headers.putIfAbsent(name, "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n");
            family.append(name);
            if (!labels.isEmpty()) {
                family.append('{').append(labels).append('}');
            }
            family.append(' ');
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                family.append((long) value);
            } else {
                family.append(value);
            }
            family.append('\n');
        }

        void addAll(Families other) {
            other.samples.forEach((name, text) -> {
                samples.computeIfAbsent(name, n -> new StringBuilder()).append(text);
                headers.putIfAbsent(name, other.headers.get(name));
            });
        }

        String render() {
            StringBuilder text = new StringBuilder();
            samples.forEach((name, family) -> text.append(headers.get(name)).append(family));
            return text.toString();
        }
    }
}
