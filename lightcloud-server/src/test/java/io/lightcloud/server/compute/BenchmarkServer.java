package io.lightcloud.server.compute;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.LightcloudServer;
import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A controller for a benchmark's {@code main}: H2 on a fresh data directory, a random port, no local agent, quiet
 * access log; with the admin's token and the compute fixture. Closing it stops the controller.
 */
record BenchmarkServer(ConfigurableApplicationContext context, ApiClient api, String admin, ComputeFixture fixture)
        implements AutoCloseable {
    static BenchmarkServer start(String name, String... extraArgs) throws IOException {
        Path dataDir = Files.createTempDirectory("lightcloud-" + name + "-");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--lightcloud.data-dir=" + dataDir,
                "--lightcloud.bootstrap.admin-password=bench-password", "--logging.level.lightcloud.access=WARN",
                "--lightcloud.compute.local-agent.enabled=false"));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext context = SpringApplication.run(LightcloudServer.class,
                args.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        String admin = api.token("admin", "bench-password", "admin");
        return new BenchmarkServer(context, api, admin,
                new ComputeFixture(api, admin, context.getBean(ImageRegistry.class), dataDir));
    }

    @Override
    public void close() {
        context.close();
    }
}
