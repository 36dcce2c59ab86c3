package io.lightcloud.image.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The schema documents clients read before they create or change images and members. */
@RestController
@RequestMapping("/image/v2/schemas")
public class SchemaController {
    private final ImageSchemas schemas;
    private final PolicyEnforcer policy;

    public SchemaController(ImageSchemas schemas, PolicyEnforcer policy) {
        this.schemas = requireNonNull(schemas, "schemas is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping("/image")
    public JsonNode image(AuthContext caller) {
        policy.enforce("image:get_schema", caller);
        return schemas.image();
    }

    @GetMapping("/images")
    public JsonNode images(AuthContext caller) {
        policy.enforce("image:get_schema", caller);
        return schemas.images();
    }

    @GetMapping("/member")
    public JsonNode member(AuthContext caller) {
        policy.enforce("image:get_schema", caller);
        return schemas.member();
    }

    @GetMapping("/members")
    public JsonNode members(AuthContext caller) {
        policy.enforce("image:get_schema", caller);
        return schemas.members();
    }
}
