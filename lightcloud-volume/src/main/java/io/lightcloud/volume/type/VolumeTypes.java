package io.lightcloud.volume.type;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.volume.VolumeProperties;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.backend.VolumeBackend;
import io.lightcloud.volume.backend.VolumeBackends;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Finds types as Cinder does (by id or by name; private types only for admins) and maps a type to its backend. */
@Component
public class VolumeTypes {
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
            + "[0-9a-fA-F]{12}");

    private final VolumeTypeRepository repository;
    private final VolumeBackends backends;
    private final String defaultTypeName;

    public VolumeTypes(VolumeTypeRepository repository, VolumeBackends backends, VolumeProperties properties) {
        this.repository = requireNonNull(repository, "repository is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.defaultTypeName = properties.defaultType();
    }

    public VolumeType defaultType() {
        return repository.findByName(defaultTypeName).orElseThrow(() -> new IllegalStateException(
                "The default volume type '" + defaultTypeName + "' does not exist; set lightcloud.volume.default-type"));
    }

    /** A type by id, or by name when the reference is not an id; 404 when absent or private to a non-admin. */
    public VolumeType resolve(String reference, AuthContext caller) {
        Optional<VolumeType> found = repository.find(reference);
        if (found.isEmpty() && !UUID.matcher(reference).matches()) {
            found = repository.findByName(reference);
            if (found.isEmpty() || !visible(found.get(), caller)) {
                throw VolumeFaults.typeNotFoundByName(reference);
            }
        }
        return found.filter(t -> visible(t, caller)).orElseThrow(() -> VolumeFaults.typeNotFound(reference));
    }

    /** A type referred to by a stored volume or snapshot, whatever the caller may see. */
    public VolumeType byId(String id) {
        return repository.find(id).orElseThrow(() -> new IllegalStateException("Volume type " + id + " is missing"));
    }

    public List<VolumeType> all() {
        return repository.list();
    }

    public VolumeBackend backendFor(VolumeType type) {
        String name = type.backendName() == null ? backends.defaultName() : type.backendName();
        return backends.find(name).orElseThrow(() -> new ApiException(400,
                "Invalid volume type: no volume backend named '" + name + "' is configured for type " + type.name()
                        + "."));
    }

    public boolean isBackendConfigured(String name) {
        return backends.find(name).isPresent();
    }

    private static boolean visible(VolumeType type, AuthContext caller) {
        return type.isPublic() || caller.isAdmin();
    }
}
