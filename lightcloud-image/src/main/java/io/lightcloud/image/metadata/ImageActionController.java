package io.lightcloud.image.metadata;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.image.access.ImageAccess;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageRepository;
import io.lightcloud.image.core.ImageStatus;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deactivation hides an active image's data from everyone but the cloud admin (for instance while it is checked for
 * a vulnerability); reactivation restores it. Repeating either is a no-op, as in Glance.
 */
@RestController
@RequestMapping("/image/v2/images/{id}/actions")
public class ImageActionController {
    private static final Logger log = LoggerFactory.getLogger(ImageActionController.class);

    private final ImageRepository images;
    private final ImageAccess access;

    public ImageActionController(ImageRepository images, ImageAccess access) {
        this.images = requireNonNull(images, "images is null");
        this.access = requireNonNull(access, "access is null");
    }

    @PostMapping("/deactivate")
    public ResponseEntity<Void> deactivate(AuthContext caller, @PathVariable String id) {
        change(caller, id, "deactivate", ImageStatus.ACTIVE, ImageStatus.DEACTIVATED);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/reactivate")
    public ResponseEntity<Void> reactivate(AuthContext caller, @PathVariable String id) {
        change(caller, id, "reactivate", ImageStatus.DEACTIVATED, ImageStatus.ACTIVE);
        return ResponseEntity.noContent().build();
    }

    private void change(AuthContext caller, String id, String action, ImageStatus from, ImageStatus to) {
        Image image = access.visible(id, caller);
        access.enforce("image:" + action, image, caller);
        if (image.status() == to) {
            return;
        }
        if (image.status() != from) {
            throw ApiException.forbidden("Not allowed to " + action + " image in status '" + image.status().wireName()
                    + "'");
        }
        if (!images.changeStatus(id, from, to, Instant.now())) {
            throw ApiException.conflict("Image " + id + " changed status during the request; try again.");
        }
        log.info("Image {}d image_id={}", action, id);
    }
}
