package io.lightcloud.server.seed;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.identity.bootstrap.IdentityBootstrap;
import io.lightcloud.identity.core.Domain;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.core.ProjectRepository;
import io.lightcloud.identity.core.User;
import io.lightcloud.identity.core.UserRepository;
import io.lightcloud.image.core.ImageRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Registers the small test image as the public image {@code lightcloud-test}, owned by the admin project, so that a
 * newcomer can boot something at once. {@code ./lightcloud up} builds the image and names it in
 * {@code lightcloud.image.seed-test-image}; an image of that name already owned by the admin project is kept.
 */
@Component
@Order(10)
public class TestImageSeed implements ApplicationRunner {
    public static final String IMAGE_NAME = "lightcloud-test";
    private static final Logger log = LoggerFactory.getLogger(TestImageSeed.class);

    private final ImageRegistry registry;
    private final ImageRepository images;
    private final ProjectRepository projects;
    private final UserRepository users;
    private final String imageFile;

    public TestImageSeed(ImageRegistry registry, ImageRepository images, ProjectRepository projects,
            UserRepository users, @Value("${lightcloud.image.seed-test-image:}") String imageFile) {
        this.registry = requireNonNull(registry, "registry is null");
        this.images = requireNonNull(images, "images is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.users = requireNonNull(users, "users is null");
        this.imageFile = imageFile;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (imageFile == null || imageFile.isBlank()) {
            return;
        }
        Path file = Path.of(imageFile);
        if (!Files.isRegularFile(file)) {
            log.warn("Test image not registered: {} is not a file", file);
            return;
        }
        Project admin = projects.findByName(Domain.DEFAULT_ID, IdentityBootstrap.ADMIN).orElseThrow();
        if (images.findByOwnerAndName(admin.id(), IMAGE_NAME).isPresent()) {
            log.info("Test image {} already registered", IMAGE_NAME);
            return;
        }
        User user = users.findByName(Domain.DEFAULT_ID, IdentityBootstrap.ADMIN).orElseThrow();
        AuthContext asAdmin = new AuthContext(user.id(), user.name(), user.domainId(), admin.id(), admin.name(),
                admin.domainId(), null, Set.of("admin", "member", "reader"), "seed-" + UUID.randomUUID(), null,
                Instant.now().plusSeconds(600));
        ImageRegistry.ImageData image = registry.importFile(asAdmin, new ImageRegistry.NewImage(IMAGE_NAME, "qcow2",
                "bare", "public", Map.of("description", "Lightcloud test image: busybox guest with DHCP, metadata, "
                        + "serial-console markers and httpd on port 80")), file);
        log.info("Registered the test image name={} image_id={} size={} from={}", IMAGE_NAME, image.id(),
                image.size(), file);
    }
}
