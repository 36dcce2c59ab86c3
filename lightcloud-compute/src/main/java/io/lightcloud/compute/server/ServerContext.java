package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.network.ServerNetworking.ServerPort;
import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.compute.host.ComputeHost;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.VolumeAttachment;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Loads what server views show besides the server rows, in a few queries for a whole page. */
@Component
public class ServerContext {
    private final InstanceRepository instances;
    private final VolumeAttachmentRepository attachments;
    private final HostRepository hosts;
    private final ObjectProvider<ServerNetworking> networking;

    public ServerContext(InstanceRepository instances, VolumeAttachmentRepository attachments, HostRepository hosts,
            ObjectProvider<ServerNetworking> networking) {
        this.instances = requireNonNull(instances, "instances is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.networking = requireNonNull(networking, "networking is null");
    }

    /** Everything the views need for {@code servers}. */
    public record Loaded(Map<String, Map<String, String>> metadata, Map<String, List<String>> tags,
            Map<String, List<VolumeAttachment>> volumes, Map<String, ComputeHost> hosts, Map<String, String> groups,
            Map<String, List<ServerPort>> ports) {
        public Map<String, String> metadataOf(Instance i) {
            return metadata.getOrDefault(i.id(), Map.of());
        }

        public List<String> tagsOf(Instance i) {
            return tags.getOrDefault(i.id(), List.of());
        }

        public List<VolumeAttachment> volumesOf(Instance i) {
            return volumes.getOrDefault(i.id(), List.of());
        }

        public List<ServerPort> portsOf(Instance i) {
            return ports.getOrDefault(i.id(), List.of());
        }

        public ComputeHost hostOf(Instance i) {
            return i.hostId() == null ? null : hosts.get(i.hostId());
        }
    }

    public Loaded load(List<Instance> servers) {
        List<String> ids = servers.stream().map(Instance::id).toList();
        Map<String, ComputeHost> byId = new HashMap<>();
        if (servers.stream().anyMatch(i -> i.hostId() != null)) {
            hosts.list().forEach(h -> byId.put(h.id(), h));
        }
        ServerNetworking network = networking.getIfAvailable();
        return new Loaded(instances.metadata(ids), instances.tags(ids), attachments.list(ids), byId,
                instances.groupsOf(ids), network == null || ids.isEmpty() ? Map.of() : network.ports(ids));
    }
}
