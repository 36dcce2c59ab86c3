package io.lightcloud.compute.flavor;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Who may see and use a flavor: everyone for a public one; the admin and the listed projects for a private one. */
@Component
public class FlavorAccess {
    private final FlavorRepository flavors;

    public FlavorAccess(FlavorRepository flavors) {
        this.flavors = requireNonNull(flavors, "flavors is null");
    }

    public Optional<Flavor> findVisible(String id, AuthContext caller) {
        return flavors.find(id).filter(f -> f.isPublic() || caller.isAdmin()
                || (caller.projectId() != null && flavors.hasAccess(f.id(), caller.projectId())));
    }

    /** @throws ApiException 404 in Nova's words when the flavor is missing or private to other projects */
    public Flavor require(String id, AuthContext caller) {
        return findVisible(id, caller).orElseThrow(() -> notFound(id));
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound("Flavor " + id + " could not be found.");
    }
}
