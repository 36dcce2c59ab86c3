package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.PowerState;
import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry.ImageData;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.compute.console.ConsoleLogStore;
import io.lightcloud.compute.host.ComputeHost;
import io.lightcloud.compute.host.HostFacts;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.host.HostSettings;
import io.lightcloud.compute.host.HostStatusReport;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.server.ServerSnapshots;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The controller side of the agent protocol ({@code docs/agent-protocol.md}): registration, heartbeats, the
 * desired-state long-poll, observed-state reports, image downloads, console log uploads and snapshot uploads. Every
 * call authenticates with the host's credential and is idempotent.
 */
@RestController
@RequestMapping("/lightcloud/v1/agent")
public class AgentController {
    private static final Set<String> HYPERVISORS = Set.of("kvm", "qemu");
    private static final long MAX_WAIT_SECONDS = 60;
    private static final int MAX_REPORT_BYTES = 8 << 20;

    private final HostRegistration registration;
    private final HostRepository hosts;
    private final HostSettings hostSettings;
    private final DesiredStateWatcher watcher;
    private final ObservedStateProcessor observed;
    private final InstanceRepository instances;
    private final ObjectProvider<ImageRegistry> images;
    private final ConsoleLogStore consoleLogs;
    private final ServerSnapshots snapshots;
    private final Transactions transactions;
    private final ObjectMapper mapper;

    public AgentController(HostRegistration registration, HostRepository hosts, HostSettings hostSettings,
            DesiredStateWatcher watcher, ObservedStateProcessor observed,
            InstanceRepository instances, ObjectProvider<ImageRegistry> images, ConsoleLogStore consoleLogs,
            ServerSnapshots snapshots, Transactions transactions, ObjectMapper mapper) {
        this.registration = requireNonNull(registration, "registration is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.hostSettings = requireNonNull(hostSettings, "hostSettings is null");
        this.watcher = requireNonNull(watcher, "watcher is null");
        this.observed = requireNonNull(observed, "observed is null");
        this.instances = requireNonNull(instances, "instances is null");
        this.images = requireNonNull(images, "images is null");
        this.consoleLogs = requireNonNull(consoleLogs, "consoleLogs is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @PostMapping("/register")
    public Map<String, Object> register(AgentHost agent, @RequestBody JsonNode body) {
        JsonFields in = JsonFields.of(body, "host");
        String hypervisor = in.requiredString("hypervisor_type", 16);
        if (!HYPERVISORS.contains(hypervisor)) {
            throw ApiException.badRequest("Invalid input for field 'host.hypervisor_type': kvm or qemu.");
        }
        JsonFields cpu = in.object("cpu_info").orElseThrow(
                () -> ApiException.badRequest("'host.cpu_info' is a required property."));
        String arch = canonicalArch(cpu.requiredNonBlank("arch", 32));
        HostFacts facts = new HostFacts(in.requiredNonBlank("hostname", 255),
                in.integer("vcpus", 1, 100_000).orElseThrow(() -> required("vcpus")).intValue(),
                in.integer("memory_mb", 1, Long.MAX_VALUE / 2).orElseThrow(() -> required("memory_mb")),
                in.integer("disk_gb", 0, Long.MAX_VALUE / 2).orElseThrow(() -> required("disk_gb")),
                arch, cpu.raw().toString(), hypervisor, hypervisorVersion(in.raw().get("hypervisor_version")),
                in.string("host_ip", 64).orElse(null), in.string("agent_version", 64).orElse(null),
                in.string("availability_zone", 255).orElse(null));
        ComputeHost host = registration.register(agent, facts);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("host_id", host.id());
        answer.put("hostname", host.hostname());
        answer.put("availability_zone", host.availabilityZone());
        answer.put("generation", host.desiredGeneration());
        answer.put("heartbeat_interval_seconds", hostSettings.heartbeatInterval().toSeconds());
        return Map.of("host", answer);
    }

    @PostMapping("/heartbeat")
    public Map<String, Object> heartbeat(AgentHost agent, @RequestBody(required = false) JsonNode body) {
        registration.heartbeat(agent, statusReport(body));
        return Map.of("generation", hosts.desiredGeneration(agent.id()));
    }

    @GetMapping("/desired")
    public DeferredResult<Object> desired(AgentHost agent, @RequestParam(name = "since", defaultValue = "-1") long since,
            @RequestParam(name = "wait", defaultValue = "0") long wait) {
        if (wait < 0) {
            throw ApiException.badRequest("wait must be >= 0");
        }
        Duration duration = Duration.ofSeconds(Math.min(wait, MAX_WAIT_SECONDS));
        return watcher.poll(agent.id(), since, duration, hosts.desiredGeneration(agent.id()));
    }

    @PostMapping("/observed")
    public Map<String, Object> observed(AgentHost agent, HttpServletRequest request) throws IOException {
        JsonNode body = reportBody(request);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        List<ObservedInstance> report = new ArrayList<>();
        JsonFields root = JsonFields.ofObject(body, "report");
        for (JsonFields item : root.objectList("instances")) {
            report.add(observedInstance(item));
        }
        registration.heartbeat(agent, statusReport(body));
        observed.process(agent, report);
        return Map.of("generation", hosts.desiredGeneration(agent.id()));
    }

    @GetMapping("/images/{id}")
    public ResponseEntity<Resource> image(AgentHost agent, @PathVariable String id) {
        ImageRegistry registry = images.getIfAvailable();
        Instance owner = instances.listByHost(agent.id()).stream().filter(i -> id.equals(i.imageId())).findFirst()
                .orElseThrow(() -> ApiException.notFound("No server on this host uses image " + id + "."));
        if (registry == null) {
            throw ApiException.notFound("The image service is not available.");
        }
        ImageData image = registry.findUsable(id, ServerAccess.ownerContext(owner, "agent-image"))
                .orElseThrow(() -> ApiException.notFound("Image " + id + " could not be found."));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("X-Image-Disk-Format", image.diskFormat())
                .body(new FileSystemResource(image.path()));
    }

    @PutMapping("/instances/{id}/console-log")
    public ResponseEntity<Void> consoleLog(AgentHost agent, @PathVariable String id, HttpServletRequest request)
            throws IOException {
        instances.find(id).filter(i -> agent.id().equals(i.hostId()))
                .orElseThrow(() -> ApiException.notFound("Server " + id + " is not on this host."));
        String tail = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        transactions.run(() -> consoleLogs.replace(id, tail));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/snapshots/{id}")
    public Map<String, Object> snapshot(AgentHost agent, @PathVariable String id, HttpServletRequest request)
            throws IOException {
        try (InputStream data = request.getInputStream()) {
            return Map.of("image_id", snapshots.upload(agent, id, data));
        }
    }

    @PostMapping("/snapshots/{id}/failure")
    public ResponseEntity<Void> snapshotFailure(AgentHost agent, @PathVariable String id, @RequestBody JsonNode body) {
        snapshots.fail(agent, id, JsonFields.ofObject(body, "failure").requiredNonBlank("message", 1024));
        return ResponseEntity.noContent().build();
    }

    /** Reads a report of up to {@value #MAX_REPORT_BYTES} bytes (about 20,000 servers). */
    private JsonNode reportBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_REPORT_BYTES) {
            throw ApiException.payloadTooLarge("The report is larger than " + MAX_REPORT_BYTES + " bytes.");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] data = in.readNBytes(MAX_REPORT_BYTES + 1);
            if (data.length > MAX_REPORT_BYTES) {
                throw ApiException.payloadTooLarge("The report is larger than " + MAX_REPORT_BYTES + " bytes.");
            }
            try {
                return mapper.readTree(data);
            } catch (JacksonException e) {
                throw ApiException.badRequest("Malformed JSON in the report: " + e.getOriginalMessage());
            }
        }
    }

    private static ObservedInstance observedInstance(JsonFields item) {
        String power = item.requiredString("power_state", 16);
        PowerState state;
        try {
            state = PowerState.parse(power);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid power_state '" + power + "': one of running, paused, shutdown, "
                    + "crashed, suspended, nostate.");
        }
        JsonFields error = item.object("error").orElse(null);
        JsonFields vnc = item.object("vnc").orElse(null);
        Set<String> volumes = new HashSet<>(item.stringList("volumes", 64).orElse(List.of()));
        long applied = item.integer("applied_revision", 0, Long.MAX_VALUE).orElse(0L);
        return new ObservedInstance(item.requiredNonBlank("id", 64), state, applied,
                item.integer("applied_reboot", 0, Long.MAX_VALUE).orElse(0L),
                item.integer("attempted_revision", 0, Long.MAX_VALUE).orElse(applied),
                error == null ? null : error.requiredNonBlank("message", 4096),
                error == null ? null : error.string("details", 65535).orElse(null),
                vnc == null ? null : vnc.string("host", 255).orElse(null),
                vnc == null ? null : vnc.integer("port", 1, 65535).map(Long::intValue).orElse(null), volumes);
    }

    private static HostStatusReport statusReport(JsonNode body) {
        if (body == null || !body.isObject()) {
            return HostStatusReport.empty();
        }
        JsonFields in = JsonFields.ofObject(body, "report");
        JsonFields resources = in.object("resources").orElse(null);
        return new HostStatusReport(in.string("uptime", 255).orElse(null),
                resources == null ? null : resources.integer("memory_mb_free", 0, Long.MAX_VALUE).orElse(null),
                resources == null ? null : resources.integer("disk_gb_free", 0, Long.MAX_VALUE).orElse(null),
                resources == null ? null : resources.integer("running_vms", 0, Integer.MAX_VALUE)
                        .map(Long::intValue).orElse(null));
    }

    /**
     * Images are read with the rights of the project whose server uses them, as Nova's compute does; the context
     * carries the project and user, which are what image visibility depends on.
     */
    /** Nova's integer version ({@code 7002000} for QEMU 7.2.0); an agent may send either form. */
    static long hypervisorVersion(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isIntegralNumber() && value.longValue() >= 0) {
            return value.longValue();
        }
        if (value.isString() && value.stringValue().matches("\\d{1,4}(\\.\\d{1,3}){0,2}")) {
            String[] parts = value.stringValue().split("\\.");
            long version = 0;
            for (int i = 0; i < 3; i++) {
                version = version * 1000 + (i < parts.length ? Long.parseLong(parts[i]) : 0);
            }
            return version;
        }
        throw ApiException.badRequest("Invalid input for field 'host.hypervisor_version': an integer or a version "
                + "such as 7.2.0 is expected.");
    }

    private static String canonicalArch(String arch) {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> arch.toLowerCase(Locale.ROOT);
        };
    }

    private static ApiException required(String field) {
        return ApiException.badRequest("'host." + field + "' is a required property.");
    }
}
