package io.lightcloud.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

@Tag("database")
class ImageApiTest extends ServerTestBase {
    private static final String PATCH = "application/openstack-images-v2.1-json-patch";

    @TempDir
    Path files;

    private ApiClient api;
    private ImageClient images;
    private String admin;
    private Tenant a;
    private Tenant b;

    private record Tenant(String projectId, String token) {
    }

    @BeforeEach
    void setUp() {
        api = api();
        images = new ImageClient(api.baseUrl());
        admin = adminToken();
        a = tenant("img-a");
        b = tenant("img-b");
    }

    @Test
    void versionDocumentsAndSchemasAreServed() {
        ApiClient.Response versions = api.get("/image", null);
        assertThat(versions.status()).isEqualTo(300);
        assertThat(versions.json().at("/versions/0/id").stringValue()).isEqualTo("v2.7");
        assertThat(versions.json().at("/versions/0/status").stringValue()).isEqualTo("CURRENT");
        assertThat(versions.json().at("/versions/0/links/0/href").stringValue())
                .isEqualTo(api.baseUrl() + "/image/v2/");
        assertThat(api.get("/image/versions", null).status()).isEqualTo(200);

        assertThat(api.get("/image/v2/schemas/image", null).status()).isEqualTo(401);
        JsonNode image = api.get("/image/v2/schemas/image", a.token()).json();
        assertThat(image.at("/properties/visibility/enum").toString()).contains("community", "shared");
        assertThat(image.at("/additionalProperties/type").stringValue()).isEqualTo("string");
        assertThat(api.get("/image/v2/schemas/images", a.token()).json().at("/properties/images/items/name")
                .stringValue()).isEqualTo("image");
        assertThat(api.get("/image/v2/schemas/member", a.token()).json().at("/name").stringValue())
                .isEqualTo("member");
        assertThat(api.get("/image/v2/schemas/members", a.token()).json().at("/properties/members/type")
                .stringValue()).isEqualTo("array");
    }

    @Test
    void uploadedDataComesBackIdenticalWithItsChecksums() {
        Path qcow2 = TestImages.qcow2(files, "disk.qcow2", "64M");
        String id = images.create(a.token(), Map.of("name", unique("round-trip"), "disk_format", "qcow2",
                "container_format", "bare", "hw_disk_bus", "virtio", "min_ram", 64));
        JsonNode queued = api.get("/image/v2/images/" + id, a.token()).json();
        assertThat(queued.get("status").stringValue()).isEqualTo("queued");
        assertThat(queued.get("size").isNull()).isTrue();
        assertThat(queued.get("visibility").stringValue()).isEqualTo("shared");
        assertThat(queued.get("owner").stringValue()).isEqualTo(a.projectId());
        assertThat(queued.get("self").stringValue()).isEqualTo("/v2/images/" + id);
        assertThat(images.download(a.token(), id).status()).as("no data yet").isEqualTo(204);

        assertThat(images.upload(a.token(), id, qcow2).status()).isEqualTo(204);
        JsonNode active = api.get("/image/v2/images/" + id, a.token()).json();
        assertThat(active.get("status").stringValue()).isEqualTo("active");
        assertThat(active.get("size").longValue()).isEqualTo(size(qcow2));
        assertThat(active.get("virtual_size").longValue()).isEqualTo(64L << 20);
        assertThat(active.get("checksum").stringValue()).isEqualTo(TestImages.digest("MD5", qcow2));
        assertThat(active.get("os_hash_algo").stringValue()).isEqualTo("sha512");
        assertThat(active.get("os_hash_value").stringValue()).isEqualTo(TestImages.digest("SHA-512", qcow2));
        assertThat(active.get("hw_disk_bus").stringValue()).isEqualTo("virtio");
        assertThat(active.get("min_ram").intValue()).isEqualTo(64);

        ImageClient.Response downloaded = images.download(a.token(), id);
        assertThat(downloaded.status()).isEqualTo(200);
        assertThat(downloaded.header("Content-MD5")).isEqualTo(active.get("checksum").stringValue());
        assertThat(downloaded.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(downloaded.body()).isEqualTo(read(qcow2));

        ImageClient.Response part = images.download(a.token(), id, "Range", "bytes=4-11");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 4-11/" + size(qcow2));
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(read(qcow2), 4, 12));
        assertThat(images.download(a.token(), id, "Range", "bytes=" + size(qcow2) + "-").status()).isEqualTo(416);

        ImageClient.Response again = images.upload(a.token(), id, qcow2);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).contains("from active to saving");
    }

    @Test
    void anotherProjectsPrivateImageIsAbsent() {
        String id = activeImage(a, "private", "private");
        assertThat(api.get("/image/v2/images/" + id, b.token()).status()).isEqualTo(404);
        assertThat(api.get("/image/v2/images/" + id, b.token()).json().at("/error/message").stringValue())
                .isEqualTo("No image found with ID " + id);
        assertThat(images.download(b.token(), id).status()).isEqualTo(404);
        assertThat(images.patch(b.token(), id, PATCH, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"x\"}]")
                .status()).isEqualTo(404);
        assertThat(api.delete("/image/v2/images/" + id, b.token()).status()).isEqualTo(404);
        assertThat(ids(api.get("/image/v2/images?visibility=all", b.token()))).doesNotContain(id);
        assertThat(api.get("/image/v2/images/" + id, admin).status()).isEqualTo(200);

        String publicImage = activeImage(a, "public-by-admin", "private");
        assertThat(images.patch(a.token(), publicImage, PATCH,
                "[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"public\"}]").status())
                .as("only the cloud admin publicizes").isEqualTo(403);
        assertThat(images.patch(admin, publicImage, PATCH,
                "[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"public\"}]").status()).isEqualTo(200);
        assertThat(ids(api.get("/image/v2/images", b.token()))).contains(publicImage);
        assertThat(images.download(b.token(), publicImage).status()).isEqualTo(200);
        assertThat(images.patch(b.token(), publicImage, PATCH,
                "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"mine\"}]").status()).isEqualTo(403);
    }

    @Test
    void aSharedImageReachesTheMemberListOnlyAfterItAccepts() {
        Tenant c = tenant("img-c");
        String id = activeImage(a, "shared", "shared");
        ApiClient.Response added = api.post("/image/v2/images/" + id + "/members", a.token(),
                Map.of("member", b.projectId()));
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(added.json().get("status").stringValue()).isEqualTo("pending");
        assertThat(added.json().get("schema").stringValue()).isEqualTo("/v2/schemas/member");
        assertThat(api.post("/image/v2/images/" + id + "/members", a.token(), Map.of("member", b.projectId()))
                .status()).isEqualTo(409);

        assertThat(ids(api.get("/image/v2/images", b.token()))).doesNotContain(id);
        assertThat(ids(api.get("/image/v2/images?member_status=pending", b.token()))).contains(id);
        assertThat(api.get("/image/v2/images/" + id, b.token()).status()).as("a member may look before it accepts")
                .isEqualTo(200);
        assertThat(api.get("/image/v2/images/" + id, c.token()).status()).isEqualTo(404);
        assertThat(api.post("/image/v2/images/" + id + "/members", b.token(), Map.of("member", c.projectId()))
                .status()).as("only the owner shares").isEqualTo(403);
        assertThat(api.put("/image/v2/images/" + id + "/members/" + b.projectId(), a.token(),
                Map.of("status", "accepted")).status()).as("only the member answers").isEqualTo(403);
        assertThat(api.put("/image/v2/images/" + id + "/members/" + b.projectId(), b.token(),
                Map.of("status", "maybe")).status()).isEqualTo(400);

        ApiClient.Response accepted = api.put("/image/v2/images/" + id + "/members/" + b.projectId(), b.token(),
                Map.of("status", "accepted"));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(accepted.json().get("status").stringValue()).isEqualTo("accepted");
        assertThat(ids(api.get("/image/v2/images", b.token()))).contains(id);
        assertThat(images.download(b.token(), id).status()).isEqualTo(200);

        JsonNode ownerView = api.get("/image/v2/images/" + id + "/members", a.token()).json();
        assertThat(ownerView.get("members")).hasSize(1);
        assertThat(ownerView.get("schema").stringValue()).isEqualTo("/v2/schemas/members");
        assertThat(api.get("/image/v2/images/" + id + "/members/" + b.projectId(), b.token()).status()).isEqualTo(200);
        assertThat(api.get("/image/v2/images/" + id + "/members/" + b.projectId(), c.token()).status()).isEqualTo(404);

        assertThat(api.delete("/image/v2/images/" + id + "/members/" + b.projectId(), a.token()).status())
                .isEqualTo(204);
        assertThat(api.get("/image/v2/images/" + id, b.token()).status()).isEqualTo(404);

        String privateImage = activeImage(a, "not-shared", "private");
        ApiClient.Response refused = api.post("/image/v2/images/" + privateImage + "/members", a.token(),
                Map.of("member", b.projectId()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/error/message").stringValue()).isEqualTo("Only shared images have members.");
    }

    @Test
    void rejectedUploadsKillTheImageAndLeaveNothingOnDisk() throws IOException {
        Path backed = TestImages.qcow2(files, "backed.qcow2", "16M", "-b", "/etc/hostname", "-F", "raw");
        String withBacking = queued(a, "backed", "qcow2");
        ImageClient.Response refused = images.upload(a.token(), withBacking, backed);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).contains("backing file");
        assertKilledWithoutData(withBacking);

        Path raw = Files.write(files.resolve("renamed.qcow2"), randomBytes(2 << 20));
        String rawAsQcow2 = queued(a, "raw-as-qcow2", "qcow2");
        ImageClient.Response mismatch = images.upload(a.token(), rawAsQcow2, raw);
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.message()).contains("declared disk_format qcow2").contains("raw");
        assertKilledWithoutData(rawAsQcow2);

        String qcow2AsRaw = queued(a, "qcow2-as-raw", "raw");
        assertThat(images.upload(a.token(), qcow2AsRaw, TestImages.qcow2(files, "real.qcow2", "8M")).message())
                .contains("qemu-img detects qcow2");
        assertKilledWithoutData(qcow2AsRaw);

        String huge = queued(a, "huge-virtual", "qcow2");
        assertThat(images.upload(a.token(), huge, TestImages.qcow2(files, "huge.qcow2", "2T")).message())
                .contains("virtual size");
        assertKilledWithoutData(huge);

        String notIso = queued(a, "not-iso", "iso");
        assertThat(images.upload(a.token(), notIso, raw).message()).contains("CD001");
        assertKilledWithoutData(notIso);
    }

    @Test
    void anImageQemuImgCannotOpenIsRefusedWithoutNamingServerPaths() throws IOException {
        byte[] header = new byte[1024];
        ByteBuffer.wrap(header).putInt(0x514649fb).putInt(99);
        String unsupported = queued(a, "qcow2-version-99", "qcow2");
        ImageClient.Response refused = images.upload(a.token(), unsupported,
                Files.write(files.resolve("version99.qcow2"), header));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).contains("Unsupported qcow2 version 99").doesNotContain("/").doesNotContain(".part");
        assertKilledWithoutData(unsupported);
    }

    @Test
    void uploadsNeedFormatsAndStayWithinTheSizeLimit() throws IOException {
        String noFormats = images.create(a.token(), Map.of("name", unique("no-formats")));
        ImageClient.Response refused = images.upload(a.token(), noFormats, new byte[16]);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo("Properties disk_format, container_format must be set prior to saving "
                + "data.");

        String tooBig = queued(a, "too-big", "raw");
        long declared = 2L << 40;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /image/v2/images/" + tooBig + "/file HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: "
                    + a.token() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declared
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("The incoming image is too large");
        }
        assertThat(status(tooBig)).as("a refused upload leaves the image ready for another try").isEqualTo("queued");
        assertThat(images.send(a.token(), "PUT", "/image/v2/images/" + tooBig + "/file", "application/json",
                HttpRequest.BodyPublishers.ofString("{}")).status()).isEqualTo(415);
    }

    @Test
    void onlyImageDataEscapesTheJsonBodyLimit() {
        String id = queued(a, "limits", "raw");
        String large = "{\"member\": \"" + "m".repeat(200_000) + "\"}";
        assertThat(api.post("/image/v2/images/" + id + "/members;x=/file", a.token(), large).status()).isEqualTo(413);
        assertThat(api.post("/image/v2/images", a.token(), large).status()).isEqualTo(413);
    }

    @Test
    void protectedImagesCannotBeDeleted() {
        String id = activeImage(a, "protected", "private");
        assertThat(images.patch(a.token(), id, PATCH, "[{\"op\": \"replace\", \"path\": \"/protected\", \"value\": true}]")
                .status()).isEqualTo(200);
        ApiClient.Response refused = api.delete("/image/v2/images/" + id, a.token());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/error/message").stringValue()).contains("is protected");
        assertThat(images.patch(a.token(), id, PATCH,
                "[{\"op\": \"replace\", \"path\": \"/protected\", \"value\": false}]").status()).isEqualTo(200);
        assertThat(api.delete("/image/v2/images/" + id, a.token()).status()).isEqualTo(204);
        assertThat(api.get("/image/v2/images/" + id, a.token()).status()).isEqualTo(404);
        assertThat(dataDir().resolve("images").resolve(id)).doesNotExist();
    }

    @Test
    void jsonPatchChangesWhatGlanceAllows() {
        String id = activeImage(a, "patched", "private");
        ImageClient.Response wrongType = images.patch(a.token(), id, "text/plain", "[]");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.header("Accept-Patch")).contains(PATCH).contains("application/json");

        for (String rfc6902 : List.of("application/json", "application/json-patch+json; charset=UTF-8")) {
            ImageClient.Response plainJson = images.patch(a.token(), id, rfc6902,
                    "[{\"op\": \"add\", \"path\": \"/os_version\", \"value\": \"" + rfc6902 + "\"}]");
            assertThat(plainJson.status()).as("better than Glance: %s is a JSON patch", rfc6902).isEqualTo(200);
            assertThat(plainJson.json().get("os_version").stringValue()).isEqualTo(rfc6902);
        }

        ImageClient.Response patched = images.patch(a.token(), id, PATCH, """
                [{"op": "replace", "path": "/name", "value": "renamed"},
                 {"op": "add", "path": "/os_distro", "value": "debian"},
                 {"op": "add", "path": "/tags", "value": ["one", "two"]},
                 {"op": "replace", "path": "/min_disk", "value": 2}]""");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.json().get("name").stringValue()).isEqualTo("renamed");
        assertThat(patched.json().get("os_distro").stringValue()).isEqualTo("debian");
        assertThat(patched.json().get("tags").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(patched.json().get("min_disk").intValue()).isEqualTo(2);

        JsonNode removed = images.patch(a.token(), id, PATCH, "[{\"op\": \"remove\", \"path\": \"/os_distro\"}]")
                .json();
        assertThat(removed.has("os_distro")).isFalse();
        assertThat(images.patch(a.token(), id, PATCH, "[{\"op\": \"replace\", \"path\": \"/size\", \"value\": 1}]")
                .status()).isEqualTo(403);
        assertThat(images.patch(a.token(), id, PATCH,
                "[{\"op\": \"replace\", \"path\": \"/disk_format\", \"value\": \"qcow2\"}]").status())
                .as("formats are fixed once data is stored").isEqualTo(403);
        assertThat(images.patch(a.token(), id, PATCH,
                "[{\"op\": \"replace\", \"path\": \"/owner\", \"value\": \"" + b.projectId() + "\"}]").status())
                .isEqualTo(403);

        assertThat(images.send(a.token(), "PUT", "/image/v2/images/" + id + "/tags/three", null,
                HttpRequest.BodyPublishers.noBody()).status()).isEqualTo(204);
        assertThat(images.send(a.token(), "DELETE", "/image/v2/images/" + id + "/tags/one", null,
                HttpRequest.BodyPublishers.noBody()).status()).isEqualTo(204);
        assertThat(images.send(a.token(), "DELETE", "/image/v2/images/" + id + "/tags/one", null,
                HttpRequest.BodyPublishers.noBody()).status()).isEqualTo(404);
        assertThat(api.get("/image/v2/images/" + id, a.token()).json().get("tags").toString())
                .isEqualTo("[\"two\",\"three\"]");
    }

    @Test
    void deactivatedImagesKeepTheirDataFromAllButTheAdmin() {
        String id = activeImage(a, "deactivated", "private");
        assertThat(api.post("/image/v2/images/" + id + "/actions/deactivate", a.token(), null).status())
                .isEqualTo(204);
        assertThat(status(id)).isEqualTo("deactivated");
        assertThat(images.download(a.token(), id).status()).isEqualTo(403);
        assertThat(images.download(admin, id).status()).isEqualTo(200);
        assertThat(api.post("/image/v2/images/" + id + "/actions/reactivate", a.token(), null).status())
                .isEqualTo(204);
        assertThat(images.download(a.token(), id).status()).isEqualTo(200);
        String queued = queued(a, "never-uploaded", "raw");
        assertThat(api.post("/image/v2/images/" + queued + "/actions/deactivate", a.token(), null).status())
                .isEqualTo(403);
    }

    @Test
    void listsPageWithNextLinksAndSort() {
        String tag = unique("page");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(images.create(a.token(), Map.of("name", tag + "-" + i, "tags", List.of(tag))));
        }
        List<String> seen = new ArrayList<>();
        String next = "/v2/images?tag=" + tag + "&limit=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = api.get("/image" + next, a.token()).json();
            page.get("images").forEach(i -> seen.add(i.get("id").stringValue()));
            next = page.has("next") ? page.get("next").stringValue() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertThat(seen).as("newest first by default").isEqualTo(newestFirst);

        JsonNode byName = api.get("/image/v2/images?tag=" + tag + "&sort=name:asc&limit=3", a.token()).json();
        assertThat(ids(byName)).isEqualTo(created.subList(0, 3));
        assertThat(byName.get("next").stringValue()).contains("marker=" + created.get(2));
        assertThat(byName.get("first").stringValue()).startsWith("/v2/images?").doesNotContain("marker");
        assertThat(api.get("/image/v2/images?sort_key=owner", a.token()).status()).isEqualTo(400);
    }

    @Test
    void createValidatesAgainstTheSchema() {
        ApiClient.Response readOnly = api.post("/image/v2/images", a.token(), Map.of("status", "active"));
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.json().at("/error/message").stringValue()).isEqualTo("Attribute 'status' is read-only.");
        assertThat(api.post("/image/v2/images", a.token(), Map.of("disk_format", "floppy")).status()).isEqualTo(400);
        assertThat(api.post("/image/v2/images", a.token(), Map.of("visibility", "public")).status()).isEqualTo(403);
        assertThat(api.post("/image/v2/images", a.token(), Map.of("owner", b.projectId())).status()).isEqualTo(403);
        String id = "0b8e4f5a-6c7d-4e3f-9a1b-" + unique("x").substring(2, 10) + "abcd";
        assertThat(api.post("/image/v2/images", a.token(), Map.of("id", id)).status()).isEqualTo(201);
        assertThat(api.post("/image/v2/images", a.token(), Map.of("id", id)).status()).isEqualTo(409);
        assertThat(api.get("/image/v2/images/not-an-id", a.token()).status()).isEqualTo(404);
    }

    private Tenant tenant(String prefix) {
        IdentityFixture fixture = new IdentityFixture(api, admin);
        String project = unique(prefix);
        String projectId = fixture.project(project);
        String user = unique(prefix + "-user");
        fixture.grant(projectId, fixture.user(user, "pw-" + user), "member");
        return new Tenant(projectId, api.token(user, "pw-" + user, project));
    }

    private String queued(Tenant tenant, String name, String diskFormat) {
        return images.create(tenant.token(), Map.of("name", unique(name), "disk_format", diskFormat,
                "container_format", "bare"));
    }

    private String activeImage(Tenant tenant, String name, String visibility) {
        String id = images.create(tenant.token(), Map.of("name", unique(name), "disk_format", "raw",
                "container_format", "bare", "visibility", visibility));
        ImageClient.Response uploaded = images.upload(tenant.token(), id, randomBytes(64 * 1024));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(204);
        return id;
    }

    private String status(String id) {
        return api.get("/image/v2/images/" + id, admin).json().get("status").stringValue();
    }

    private void assertKilledWithoutData(String id) throws IOException {
        JsonNode image = api.get("/image/v2/images/" + id, a.token()).json();
        assertThat(image.get("status").stringValue()).isEqualTo("killed");
        assertThat(image.get("size").isNull()).isTrue();
        try (Stream<Path> stored = Files.list(dataDir().resolve("images"))) {
            assertThat(stored.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(id));
        }
    }

    private static List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return ids(response.json());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("images").forEach(i -> ids.add(i.get("id").stringValue()));
        return ids;
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
