package io.lightcloud.image.metadata;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.image.access.ImageAccess;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageMetadata;
import io.lightcloud.image.core.ImageRepository;
import io.lightcloud.image.core.ImageStatus;
import io.lightcloud.image.core.Visibility;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes an image's metadata as one locked read-modify-write, so two concurrent updates (on one controller or
 * several) both take effect. Checks what only some callers may change: visibility (publicize, communitize),
 * the owner (admin only) and the formats (only while the image has no data).
 */
@Component
public class ImageUpdater {
    private final ImageRepository images;
    private final ImageAccess access;
    private final MetadataRules rules;
    private final TransactionTemplate transactions;

    public ImageUpdater(ImageRepository images, ImageAccess access, MetadataRules rules,
            TransactionTemplate transactions) {
        this.images = requireNonNull(images, "images is null");
        this.access = requireNonNull(access, "access is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public Image update(String id, AuthContext caller, Consumer<ImageMetadata.Builder> change) {
        return transactions.execute(status -> {
            Image image = images.findForUpdate(id).orElseThrow(() -> ImageAccess.notFound(id));
            if (!access.canSee(image, caller, access.membership(image, caller))) {
                throw ImageAccess.notFound(id);
            }
            access.enforce("image:modify_image", image, caller);
            ImageMetadata.Builder builder = image.metadata().toBuilder();
            change.accept(builder);
            rules.checkLimits(builder);
            ImageMetadata changed = builder.build();
            checkRestrictedChanges(image, changed, caller);
            Instant now = Instant.now();
            images.updateMetadata(id, changed, now);
            return new Image(id, image.status(), changed, image.data(), image.createdAt(), now);
        });
    }

    /** Visibility changes that need more than modify_image, for a new image or a changed one. */
    public void checkVisibility(Image image, Visibility visibility, AuthContext caller) {
        if (visibility == Visibility.PUBLIC) {
            access.enforce("image:publicize_image", image, caller);
        } else if (visibility == Visibility.COMMUNITY) {
            access.enforce("image:communitize_image", image, caller);
        }
    }

    private void checkRestrictedChanges(Image image, ImageMetadata changed, AuthContext caller) {
        ImageMetadata before = image.metadata();
        if (changed.visibility() != before.visibility()) {
            checkVisibility(image, changed.visibility(), caller);
        }
        if (!Objects.equals(changed.owner(), before.owner()) && !caller.isAdmin()) {
            throw ApiException.forbidden("Owner can't be updated by non admin.");
        }
        if (image.status() != ImageStatus.QUEUED) {
            if (changed.diskFormat() != before.diskFormat()) {
                throw ApiException.forbidden("Attribute disk_format can be only replaced for a queued image.");
            }
            if (changed.containerFormat() != before.containerFormat()) {
                throw ApiException.forbidden("Attribute container_format can be only replaced for a queued image.");
            }
        }
    }
}
