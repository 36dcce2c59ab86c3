package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v3/regions}: Lightcloud's own region (listed, not changeable) and the ones admins create, with an id of
 * their choice ({@code PUT}) or a generated one ({@code POST}).
 */
@RestController
@RequestMapping("/identity/v3/regions")
public class CatalogRegionController {
    private final CatalogRepository registered;
    private final CatalogViews views;
    private final PolicyEnforcer policy;

    public CatalogRegionController(CatalogRepository registered, CatalogViews views, PolicyEnforcer policy) {
        this.registered = requireNonNull(registered, "registered is null");
        this.views = requireNonNull(views, "views is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_regions", caller);
        List<Map<String, Object>> items = new ArrayList<>();
        for (CatalogRegion region : all()) {
            if (!params.containsKey("parent_region_id")
                    || params.get("parent_region_id").equals(region.parentRegionId())) {
                items.add(views.region(request, region));
            }
        }
        return views.collection(request, "regions", items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:get_region", caller);
        return Map.of("region", views.region(request, find(id)));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        JsonFields in = JsonFields.of(body, "region");
        return create(caller, in.string("id", 255).orElseGet(IdentityIds::newId), in, request);
    }

    @PutMapping("/{id}")
    public ResponseEntity<Map<String, Object>> createWithId(AuthContext caller, @PathVariable String id,
            @RequestBody JsonNode body, HttpServletRequest request) {
        JsonFields in = JsonFields.of(body, "region");
        if (in.has("id") && !id.equals(in.string("id", 255).orElse(null))) {
            throw ApiException.badRequest("The region id in the body does not match the one in the URL.");
        }
        return create(caller, id, in, request);
    }

    private ResponseEntity<Map<String, Object>> create(AuthContext caller, String id, JsonFields in,
            HttpServletRequest request) {
        policy.enforce("identity:create_region", caller);
        String parent = parent(id, in.string("parent_region_id", 255).orElse(null));
        CatalogRegion region = new CatalogRegion(id, in.string("description", 255).orElse(""), parent);
        if (id.equals(views.region())) {
            throw duplicate(id);
        }
        try {
            registered.insertRegion(region);
        } catch (DuplicateKeyException e) {
            throw duplicate(id);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("region", views.region(request, region)));
    }

    @PatchMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:update_region", caller);
        CatalogRegion current = changeable(id);
        JsonFields in = JsonFields.of(body, "region");
        CatalogRegion updated = new CatalogRegion(id,
                in.has("description") ? in.string("description", 255).orElse("") : current.description(),
                in.has("parent_region_id") ? parent(id, in.string("parent_region_id", 255).orElse(null))
                        : current.parentRegionId());
        registered.updateRegion(updated);
        return Map.of("region", views.region(request, updated));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("identity:delete_region", caller);
        changeable(id);
        if (registered.regions().stream().anyMatch(r -> id.equals(r.parentRegionId()))) {
            throw ApiException.forbidden("Unable to delete region " + id + " because it or its child regions have "
                    + "associated endpoints or child regions.");
        }
        if (registered.endpoints().stream().anyMatch(e -> id.equals(e.regionId()))) {
            throw ApiException.forbidden("Unable to delete region " + id + " because it or its child regions have "
                    + "associated endpoints.");
        }
        registered.deleteRegion(id);
        return ResponseEntity.noContent().build();
    }

    /** The parent's id after checking it exists and would not make a cycle. */
    private String parent(String id, String parentId) {
        String ancestor = parentId;
        while (ancestor != null) {
            if (ancestor.equals(id)) {
                throw ApiException.badRequest("The specified parent region " + parentId + " would create a circular "
                        + "region hierarchy.");
            }
            ancestor = find(ancestor).parentRegionId();
        }
        return parentId;
    }

    private CatalogRegion changeable(String id) {
        if (id.equals(views.region())) {
            throw CatalogViews.derived("region", id);
        }
        return find(id);
    }

    private CatalogRegion find(String id) {
        return lookup(id).orElseThrow(() -> Faults.notFound("region", id));
    }

    private Optional<CatalogRegion> lookup(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private List<CatalogRegion> all() {
        List<CatalogRegion> regions = new ArrayList<>();
        regions.add(new CatalogRegion(views.region(), "", null));
        regions.addAll(registered.regions());
        return regions;
    }

    private static ApiException duplicate(String id) {
        return Faults.duplicate("region", "Duplicate ID, " + id);
    }
}
