package io.lightcloud.server.compute;

import static io.lightcloud.server.compute.ComputeFixture.status;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What compute's integration tests share: the API client, the admin's token, the fixture, and an availability zone
 * of the test's own, so that a test only ever schedules onto the hosts it registered.
 */
abstract class ComputeTestBase extends ServerTestBase {
    @Autowired
    protected ImageRegistry images;

    protected ApiClient api;
    protected String admin;
    protected ComputeFixture fixture;
    protected String zone;

    @BeforeEach
    void setUpCompute() {
        api = api();
        admin = adminToken();
        fixture = new ComputeFixture(api, admin, images, dataDir());
        zone = unique("zone");
    }

    /** A create request for a server in this test's zone. */
    protected Map<String, Object> zoned(String name, String flavor, String image) {
        Map<String, Object> body = fixture.serverBody(name, flavor, image);
        body.put("availability_zone", zone);
        return body;
    }

    /** Creates a server in this test's zone and lets {@code agent} report it running. */
    protected String active(SimulatedAgent agent, String token, String name, String flavor, String image) {
        String id = fixture.createServer(token, zoned(name, flavor, image));
        agent.converge();
        fixture.awaitServer(token, id, status("ACTIVE"), "ACTIVE");
        return id;
    }
}
