package io.lightcloud.server.compute;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.LightcloudServer;
import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A controller for a benchmark's {@code main}: H2 in a fresh temporary directory, a random port, no local agent, the
 * admin's token and a {@link ComputeFixture}, and the admin project's instance, core and RAM quotas unlimited.
 */
record BenchController(ConfigurableApplicationContext context, ApiClient api, String admin, ComputeFixture fixture)
        implements AutoCloseable {
    static final String ADMIN_PASSWORD = "bench-password";

    /** Starts a controller; {@code extraArgs} are more Spring arguments, such as {@code --some.property=value}. */
    static BenchController start(String prefix, String... extraArgs) throws IOException {
        Path dataDir = Files.createTempDirectory(prefix);
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--lightcloud.data-dir=" + dataDir,
                "--lightcloud.bootstrap.admin-password=" + ADMIN_PASSWORD, "--logging.level.lightcloud.access=WARN",
                "--lightcloud.compute.local-agent.enabled=false"));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext context = SpringApplication.run(LightcloudServer.class,
                args.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        String admin = api.token("admin", ADMIN_PASSWORD, "admin");
        ComputeFixture fixture = new ComputeFixture(api, admin, context.getBean(ImageRegistry.class), dataDir);
        String project = api.get("/identity/v3/projects?name=admin", admin).json().at("/projects/0/id")
                .stringValue();
        fixture.nova("PUT", "/os-quota-sets/" + project, admin, Map.of("quota_set", Map.of("instances", -1,
                "cores", -1, "ram", -1)));
        return new BenchController(context, api, admin, fixture);
    }

    @Override
    public void close() {
        context.close();
    }
}
