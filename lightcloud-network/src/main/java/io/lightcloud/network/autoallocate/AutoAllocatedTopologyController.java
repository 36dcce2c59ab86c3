package io.lightcloud.network.autoallocate;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2.0/auto-allocated-topology/{project_id}} (Neutron's {@code auto-allocated-topology} extension). */
@RestController
@RequestMapping("/network/v2.0/auto-allocated-topology/{projectId}")
public class AutoAllocatedTopologyController {
    private static final String DRY_RUN = "dry-run";

    private final AutoAllocatedTopologies topologies;

    public AutoAllocatedTopologyController(AutoAllocatedTopologies topologies) {
        this.topologies = requireNonNull(topologies, "topologies is null");
    }

    @GetMapping
    public Map<String, Object> show(AuthContext caller, @PathVariable String projectId,
            @RequestParam(name = "fields", required = false) List<String> fields) {
        if (fields != null && fields.contains(DRY_RUN)) {
            topologies.checkRequirements(caller, projectId);
            return answer("dry-run=pass", projectId);
        }
        if (fields != null && !fields.isEmpty()) {
            throw NeutronFaults.badRequest("Unrecognized field");
        }
        return answer(topologies.network(caller, projectId), projectId);
    }

    @DeleteMapping
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String projectId) {
        topologies.delete(caller, projectId);
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> answer(String id, String projectId) {
        Map<String, Object> topology = new LinkedHashMap<>();
        topology.put("id", id);
        topology.put("tenant_id", projectId);
        topology.put("project_id", projectId);
        return Map.of("auto_allocated_topology", topology);
    }
}
