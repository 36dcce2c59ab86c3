package io.lightcloud.compute.metadata;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.compute.agent.InstanceSpecs;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * The metadata service behind 169.254.169.254: a host's agent relays a guest's request with the network it came in
 * on and its source address, and the answer is the OpenStack metadata of the server that owns that address (the
 * same documents as its config drive), plus the EC2-style keys that cloud-init and simple guests read. Answers are
 * built per request from the database, so a change (metadata, keys) shows at once.
 */
@RestController
@RequestMapping("/lightcloud/v1/agent/metadata")
public class MetadataController {
    private static final String OPENSTACK_FILES = "meta_data.json\nnetwork_data.json\nuser_data\nvendor_data.json\n"
            + "vendor_data2.json";
    private static final String EC2_KEYS = "hostname\ninstance-id\nlocal-hostname\nlocal-ipv4\nplacement/\n"
            + "public-keys/";

    private final ObjectProvider<ServerNetworking> networking;
    private final InstanceRepository instances;
    private final InstanceSpecs specs;
    private final ObjectMapper mapper;

    public MetadataController(ObjectProvider<ServerNetworking> networking, InstanceRepository instances,
            InstanceSpecs specs, ObjectMapper mapper) {
        this.networking = requireNonNull(networking, "networking is null");
        this.instances = requireNonNull(instances, "instances is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @GetMapping("/{networkId}/{address}/**")
    public ResponseEntity<byte[]> metadata(AgentHost host, @PathVariable String networkId,
            @PathVariable String address, HttpServletRequest request) {
        String prefix = "/lightcloud/v1/agent/metadata/" + networkId + "/" + address;
        String uri = request.getRequestURI();
        String path = uri.length() > prefix.length() ? uri.substring(prefix.length() + 1) : "";
        ServerNetworking network = networking.getIfAvailable();
        Instance instance = network == null ? null : network.serverOf(networkId, address)
                .flatMap(instances::find).orElse(null);
        if (instance == null) {
            throw ApiException.notFound("No server owns address " + address + " on network " + networkId + ".");
        }
        Map<String, Object> drive = specs.configDrive(instance);
        List<String> segments = List.of(path.replaceAll("/+$", "").split("/"));
        if (segments.get(0).equals("openstack")) {
            return openstack(segments, drive);
        }
        return ec2(segments, instance, address, drive);
    }

    /** {@code /openstack}, {@code /openstack/<version>}, {@code /openstack/<version>/<file>}; any version is latest. */
    private ResponseEntity<byte[]> openstack(List<String> segments, Map<String, Object> drive) {
        if (segments.size() == 1) {
            return text("latest");
        }
        if (segments.size() == 2) {
            return text(OPENSTACK_FILES);
        }
        if (segments.size() != 3) {
            throw notFound();
        }
        return switch (segments.get(2)) {
            case "meta_data.json" -> json(drive.get("meta_data"));
            case "network_data.json" -> json(drive.get("network_data"));
            case "vendor_data.json", "vendor_data2.json" -> json(drive.get("vendor_data"));
            case "user_data" -> userData(drive);
            default -> throw notFound();
        };
    }

    /** {@code /<version>/meta-data/<key>} and {@code /<version>/user-data}, after EC2's instance metadata. */
    private ResponseEntity<byte[]> ec2(List<String> segments, Instance instance, String address,
            Map<String, Object> drive) {
        if (segments.size() < 2 || segments.get(0).isEmpty()) {
            throw notFound();
        }
        if (segments.size() == 2 && segments.get(1).equals("user-data")) {
            return userData(drive);
        }
        if (!segments.get(1).equals("meta-data")) {
            throw notFound();
        }
        if (segments.size() == 2) {
            return text(EC2_KEYS);
        }
        String key = String.join("/", segments.subList(2, segments.size()));
        return switch (key) {
            case "instance-id" -> text(instance.id());
            case "hostname", "local-hostname" -> text(instance.hostname());
            case "local-ipv4" -> text(address);
            case "placement" -> text("availability-zone");
            case "placement/availability-zone" -> text(String.valueOf(instance.availabilityZone()));
            case "public-keys" -> text(instance.keyName() == null ? "" : "0=" + instance.keyName());
            case "public-keys/0/openssh-key" -> {
                if (instance.keyData() == null) {
                    throw notFound();
                }
                yield text(instance.keyData());
            }
            default -> throw notFound();
        };
    }

    private ResponseEntity<byte[]> userData(Map<String, Object> drive) {
        Object encoded = drive.get("user_data");
        if (encoded == null) {
            throw notFound();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(Base64.getMimeDecoder().decode(encoded.toString()));
    }

    private ResponseEntity<byte[]> json(Object document) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(mapper.writeValueAsBytes(document));
    }

    private static ResponseEntity<byte[]> text(String body) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN)
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiException notFound() {
        return ApiException.notFound("The metadata path does not exist.");
    }
}
