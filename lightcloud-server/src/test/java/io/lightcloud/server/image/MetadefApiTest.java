package io.lightcloud.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Glance's metadata definitions catalog: namespaces with resource type associations, property definitions, objects
 * and tags; who sees and who changes them; protected namespaces; validation; the schemas.
 */
@Tag("database")
class MetadefApiTest extends ServerTestBase {
    private static final String METADEFS = "/image/v2/metadefs";

    private ApiClient api;
    private String admin;
    private String member;

    @BeforeEach
    void setUp() {
        api = api();
        admin = adminToken();
        IdentityFixture identity = new IdentityFixture(api, admin);
        String name = unique("metadef-member");
        String project = identity.project(name);
        identity.grant(project, identity.user(name + "-user", "pw-" + name), "member");
        member = api.token(name + "-user", "pw-" + name, name);
    }

    @Test
    void aNamespaceIsCreatedWithItsDefinitionsProtectedAndDeleted() {
        JsonNode types = api.get(METADEFS + "/resource_types", member).json().get("resource_types");
        assertThat(types.findValuesAsString("name")).contains("OS::Glance::Image", "OS::Nova::Flavor");

        String namespace = unique("ns");
        ApiClient.Response created = api.post(METADEFS + "/namespaces", admin, Map.of(
                "namespace", namespace, "display_name", "CPU options", "visibility", "public", "protected", true,
                "resource_type_associations", List.of(Map.of("name", "OS::Nova::Flavor", "prefix", "hw:")),
                "properties", Map.of("cpu_policy", Map.of("title", "CPU policy", "type", "string",
                        "enum", List.of("shared", "dedicated"))),
                "objects", List.of(Map.of("name", "Pinning", "required", List.of("threads"),
                        "properties", Map.of("threads", Map.of("title", "Threads", "type", "integer", "minimum", 1)))),
                "tags", List.of(Map.of("name", "fast"))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode shown = api.get(METADEFS + "/namespaces/" + namespace, member).json();
        assertThat(shown.get("visibility").stringValue()).isEqualTo("public");
        assertThat(shown.at("/resource_type_associations/0/prefix").stringValue()).isEqualTo("hw:");
        assertThat(shown.at("/properties/cpu_policy/enum/1").stringValue()).isEqualTo("dedicated");
        assertThat(shown.at("/objects/0/properties/threads/minimum").intValue()).isEqualTo(1);
        assertThat(shown.at("/tags/0/name").stringValue()).isEqualTo("fast");
        assertThat(shown.get("self").stringValue()).isEqualTo("/v2/metadefs/namespaces/" + namespace);

        assertThat(names(api.get(METADEFS + "/namespaces?resource_types=OS::Nova::Flavor", member)))
                .contains(namespace);
        assertThat(names(api.get(METADEFS + "/namespaces?resource_types=OS::Cinder::Volume", admin)))
                .doesNotContain(namespace);
        assertThat(api.post(METADEFS + "/namespaces", admin, Map.of("namespace", namespace)).status())
                .isEqualTo(409);
        assertThat(api.delete(METADEFS + "/namespaces/" + namespace, admin).status()).as("protected")
                .isEqualTo(403);

        ApiClient.Response updated = api.put(METADEFS + "/namespaces/" + namespace, admin, Map.of(
                "namespace", namespace, "visibility", "private", "protected", false));
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().get("protected").booleanValue()).isFalse();
        assertThat(api.get(METADEFS + "/namespaces/" + namespace, member).status()).as("private, not theirs")
                .isEqualTo(404);
        assertThat(names(api.get(METADEFS + "/namespaces", member))).doesNotContain(namespace);

        assertThat(api.delete(METADEFS + "/namespaces/" + namespace, admin).status()).isEqualTo(204);
        assertThat(api.get(METADEFS + "/namespaces/" + namespace, admin).status()).isEqualTo(404);
    }

    @Test
    void objectsPropertiesTagsAndAssociationsAreManagedOneByOne() {
        String namespace = namespace();
        String ns = METADEFS + "/namespaces/" + namespace;

        ApiClient.Response object = api.post(ns + "/objects", admin, Map.of("name", "Disk", "description", "d",
                "properties", Map.of("bus", Map.of("title", "Bus", "type", "string"))));
        assertThat(object.status()).as(object.text()).isEqualTo(201);
        assertThat(object.json().get("self").stringValue()).endsWith("/objects/Disk");
        assertThat(api.post(ns + "/objects", admin, Map.of("name", "Disk")).status()).isEqualTo(409);
        ApiClient.Response renamed = api.put(ns + "/objects/Disk", admin, Map.of("name", "RootDisk"));
        assertThat(renamed.json().get("name").stringValue()).isEqualTo("RootDisk");
        assertThat(api.get(ns + "/objects/Disk", admin).status()).isEqualTo(404);
        assertThat(api.get(ns + "/objects", admin).json().get("objects").findValuesAsString("name"))
                .containsExactly("RootDisk");

        ApiClient.Response property = api.post(ns + "/properties", admin, Map.of("name", "OS::Glance::Image",
                "title", "t", "type", "string", "enum", List.of("kvm", "qemu")));
        assertThat(property.status()).as(property.text()).isEqualTo(201);
        assertThat(api.get(ns + "/properties/OS::Glance::Image", admin).json().get("title").stringValue())
                .isEqualTo("t");
        assertThat(api.put(ns + "/properties/OS::Glance::Image", admin, Map.of("name", "OS::Glance::Image",
                "title", "t2", "type", "string")).json().get("title").stringValue()).isEqualTo("t2");
        assertThat(api.get(ns + "/properties", admin).json().at("/properties/OS::Glance::Image/title")
                .stringValue()).isEqualTo("t2");
        assertThat(api.post(ns + "/properties", admin, Map.of("name", "x", "type", "string")).status())
                .as("no title").isEqualTo(400);
        assertThat(api.post(ns + "/properties", admin, Map.of("name", "x", "title", "x", "type", "decimal"))
                .status()).as("unknown type").isEqualTo(400);
        assertThat(api.post(ns + "/properties", admin, Map.of("name", "x", "title", "x", "type", "string",
                "colour", "red")).status()).as("unknown keyword").isEqualTo(400);
        assertThat(api.delete(ns + "/properties/OS::Glance::Image", admin).status()).isEqualTo(204);
        assertThat(api.get(ns + "/properties", admin).json().get("properties")).isEmpty();

        ApiClient.Response tags = api.post(ns + "/tags", admin, Map.of("tags", List.of(Map.of("name", "a"),
                Map.of("name", "b"), Map.of("name", "c"))));
        assertThat(tags.status()).as(tags.text()).isEqualTo(201);
        api.send("POST", ns + "/tags", admin, Map.of("tags", List.of(Map.of("name", "d"))),
                Map.of("X-Openstack-Append", "True"));
        assertThat(tagNames(ns)).containsExactlyInAnyOrder("a", "b", "c", "d");
        api.post(ns + "/tags", admin, Map.of("tags", List.of(Map.of("name", "z"))));
        assertThat(tagNames(ns)).as("without append the tags are replaced").containsExactly("z");
        assertThat(api.post(ns + "/tags/y", admin, null).status()).isEqualTo(201);
        assertThat(api.put(ns + "/tags/y", admin, Map.of("name", "x")).json().get("name").stringValue())
                .isEqualTo("x");
        assertThat(api.delete(ns + "/tags", admin).status()).isEqualTo(204);
        assertThat(tagNames(ns)).isEmpty();

        assertThat(api.post(ns + "/resource_types", admin, Map.of("name", "OS::Cinder::Volume")).status())
                .isEqualTo(201);
        assertThat(api.post(ns + "/resource_types", admin, Map.of("name", "OS::Cinder::Volume")).status())
                .isEqualTo(409);
        assertThat(api.get(ns + "/resource_types", admin).json().get("resource_type_associations")
                .findValuesAsString("name")).containsExactly("OS::Cinder::Volume");
        assertThat(api.delete(ns + "/resource_types/OS::Cinder::Volume", admin).status()).isEqualTo(204);
        assertThat(api.delete(ns + "/resource_types/OS::Cinder::Volume", admin).status()).isEqualTo(404);
        assertThat(api.delete(ns, admin).status()).isEqualTo(204);
    }

    @Test
    void membersReadPublicNamespacesButChangeNothing() {
        String namespace = namespace();
        String ns = METADEFS + "/namespaces/" + namespace;
        assertThat(api.get(ns, member).status()).isEqualTo(200);
        assertThat(api.post(METADEFS + "/namespaces", member, Map.of("namespace", unique("mine"))).status())
                .isEqualTo(403);
        assertThat(api.put(ns, member, Map.of("namespace", namespace, "visibility", "private")).status())
                .isEqualTo(403);
        assertThat(api.delete(ns, member).status()).isEqualTo(403);
        assertThat(api.post(ns + "/tags/t", member, null).status()).isEqualTo(403);
        assertThat(api.post(ns + "/resource_types", member, Map.of("name", "OS::Nova::Server")).status())
                .isEqualTo(403);
        ApiClient.Response fault = api.get(METADEFS + "/namespaces/" + unique("missing"), member);
        assertThat(fault.status()).isEqualTo(404);
        assertThat(fault.json().at("/error/message").stringValue()).contains("was not found");
        assertThat(api.delete(ns, admin).status()).isEqualTo(204);
    }

    @Test
    void schemasNameTheirDocuments() {
        Map<String, String> expected = Map.of("namespace", "namespace", "namespaces", "namespaces",
                "resource_type", "resource_type_association", "resource_types", "resource_type_associations",
                "object", "object", "objects", "objects", "property", "property", "properties", "properties",
                "tag", "tag", "tags", "tags");
        expected.forEach((path, name) -> assertThat(api.get("/image/v2/schemas/metadefs/" + path, member).json()
                .get("name").stringValue()).as(path).isEqualTo(name));
        assertThat(api.get("/image/v2/schemas/metadefs/nothing", member).status()).isEqualTo(404);
        assertThat(api.post(METADEFS + "/namespaces", admin, Map.of("namespace", unique("v"), "visibility",
                "everyone")).status()).isEqualTo(400);
    }

    private String namespace() {
        String namespace = unique("ns");
        ApiClient.Response created = api.post(METADEFS + "/namespaces", admin, Map.of("namespace", namespace,
                "visibility", "public"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return namespace;
    }

    private List<String> tagNames(String ns) {
        return api.get(ns + "/tags", admin).json().get("tags").findValuesAsString("name");
    }

    private static List<String> names(ApiClient.Response listed) {
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        return listed.json().get("namespaces").findValuesAsString("namespace");
    }
}
