package io.lightcloud.image.metadata;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Adds and removes single tags, as {@code openstack image unset --tag} does. */
@RestController
@RequestMapping("/image/v2/images/{id}/tags/{tag}")
public class TagController {
    private final ImageUpdater updater;
    private final MetadataRules rules;

    public TagController(ImageUpdater updater, MetadataRules rules) {
        this.updater = requireNonNull(updater, "updater is null");
        this.rules = requireNonNull(rules, "rules is null");
    }

    @PutMapping
    public ResponseEntity<Void> add(AuthContext caller, @PathVariable String id, @PathVariable String tag) {
        String valid = rules.tag(tag);
        updater.update(id, caller, image -> {
            if (!image.tags().contains(valid)) {
                image.tags().add(valid);
            }
        });
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    public ResponseEntity<Void> remove(AuthContext caller, @PathVariable String id, @PathVariable String tag) {
        updater.update(id, caller, image -> {
            if (!image.tags().remove(tag)) {
                throw ApiException.notFound("Tag " + tag + " not found on image " + id + ".");
            }
        });
        return ResponseEntity.noContent().build();
    }
}
