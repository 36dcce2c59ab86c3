package io.lightcloud.image.metadata;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.image.access.ImageAccess;
import io.lightcloud.image.api.ImageSchemas;
import io.lightcloud.image.api.ImageViews;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageMemberRepository;
import io.lightcloud.image.core.ImageMetadata;
import io.lightcloud.image.core.ImageRepository;
import io.lightcloud.image.core.ImageStatus;
import io.lightcloud.image.core.MemberStatus;
import io.lightcloud.image.core.Visibility;
import io.lightcloud.image.store.ImageStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Image records: create, list, show, JSON-patch update and delete, after Glance v2. */
@RestController
@RequestMapping("/image/v2/images")
public class ImageController {
    private static final Logger log = LoggerFactory.getLogger(ImageController.class);

    private final ImageRepository images;
    private final ImageMemberRepository members;
    private final ImageAccess access;
    private final ImageUpdater updater;
    private final MetadataRules rules;
    private final ImageSchemas schemas;
    private final ImageStore store;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;
    private final ExternalUrl externalUrl;
    private final ObjectMapper mapper;

    public ImageController(ImageRepository images, ImageMemberRepository members, ImageAccess access,
            ImageUpdater updater, MetadataRules rules, ImageSchemas schemas, ImageStore store, PolicyEnforcer policy,
            TransactionTemplate transactions, ExternalUrl externalUrl, ObjectMapper mapper) {
        this.images = requireNonNull(images, "images is null");
        this.members = requireNonNull(members, "members is null");
        this.access = requireNonNull(access, "access is null");
        this.updater = requireNonNull(updater, "updater is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.schemas = requireNonNull(schemas, "schemas is null");
        this.store = requireNonNull(store, "store is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object describing the image.");
        }
        ImageMetadata.Builder draft = new ImageMetadata(null, caller.projectId(), Visibility.SHARED, false, false,
                null, null, 0, 0, List.of(), Map.of()).toBuilder();
        String id = UUID.randomUUID().toString();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (field.getKey().equals("id")) {
                schemas.validate("id", field.getValue());
                id = field.getValue().stringValue();
            } else {
                rules.set(draft, field.getKey(), field.getValue());
            }
        }
        rules.checkLimits(draft);
        ImageMetadata metadata = draft.build();
        Map<String, Object> target = new LinkedHashMap<>();
        if (metadata.owner() != null) {
            target.put("target.owner", metadata.owner());
        }
        policy.enforce("image:add_image", caller, target);
        Instant now = Instant.now();
        Image image = new Image(id, ImageStatus.QUEUED, metadata, null, now, now);
        updater.checkVisibility(image, metadata.visibility(), caller);
        try {
            images.insert(image);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("Image with identifier " + id + " already exists!");
        }
        log.info("Image created image_id={} owner={} visibility={}", id, metadata.owner(),
                metadata.visibility().wireName());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(externalUrl.resolve(request) + "/image" + ImageViews.href(id)))
                .body(ImageViews.image(image));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam MultiValueMap<String, String> params) {
        Map<String, Object> target = new LinkedHashMap<>();
        if (caller.projectId() != null) {
            target.put("target.project_id", caller.projectId());
        }
        policy.enforce("image:get_images", caller, target);
        ImageListQuery query = ImageListQuery.parse(params);
        String project = caller.projectId() == null ? "" : caller.projectId();
        List<Image> candidates = caller.isAdmin() ? images.listAll()
                : images.listForProject(project, query.memberStatus());
        Map<String, MemberStatus> memberships = members.statusesOf(project);
        String visibility = query.visibility();
        List<Image> visible = candidates.stream()
                .filter(i -> visibility == null
                        ? i.visibility() != Visibility.COMMUNITY || project.equals(i.owner())
                        : visibility.equals("all") || i.visibility().wireName().equals(visibility))
                .filter(i -> access.canSee(i, caller, Optional.ofNullable(memberships.get(i.id()))))
                .toList();
        ImageListQuery.Page page = query.page(visible);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", page.images().stream().map(ImageViews::image).toList());
        String filters = queryString(params);
        body.put("first", "/v2/images" + (filters.isEmpty() ? "" : "?" + filters));
        body.put("schema", "/v2/schemas/images");
        if (page.more()) {
            String marker = "marker=" + encode(page.images().get(page.images().size() - 1).id());
            body.put("next", "/v2/images?" + (filters.isEmpty() ? marker : filters + "&" + marker));
        }
        return body;
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id) {
        return ImageViews.image(access.visible(id, caller));
    }

    @PatchMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (!ImagePatch.accepts(request.getContentType())) {
            response.setHeader("Accept-Patch", ImagePatch.ACCEPTED_TYPES);
            throw new ApiException(415, "Image PATCH expects Content-Type one of: " + ImagePatch.ACCEPTED_TYPES);
        }
        JsonNode body;
        try {
            body = mapper.readTree(request.getInputStream());
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed JSON in request body: " + e.getOriginalMessage());
        }
        ImagePatch patch = ImagePatch.parse(request.getContentType(), body);
        Image updated = updater.update(id, caller, image -> patch.apply(image, rules));
        return ImageViews.image(updated);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        transactions.executeWithoutResult(status -> {
            Image image = images.findForUpdate(id).orElseThrow(() -> ImageAccess.notFound(id));
            if (!access.canSee(image, caller, access.membership(image, caller))) {
                throw ImageAccess.notFound(id);
            }
            access.enforce("image:delete_image", image, caller);
            if (image.metadata().isProtected()) {
                throw ApiException.forbidden("Image " + id + " is protected and cannot be deleted.");
            }
            images.delete(id);
        });
        try {
            store.delete(id);
        } catch (IOException e) {
            log.warn("Image deleted but its data could not be removed; startup recovery removes it image_id={}", id, e);
        }
        log.info("Image deleted image_id={}", id);
        return ResponseEntity.noContent().build();
    }

    private static String queryString(MultiValueMap<String, String> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((name, values) -> {
            if (!name.equals("marker")) {
                values.forEach(value -> parts.add(encode(name) + "=" + encode(value)));
            }
        });
        return String.join("&", parts);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
