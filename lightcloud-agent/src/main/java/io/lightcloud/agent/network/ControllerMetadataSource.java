package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.controller.ControllerClient.RawAnswer;
import io.lightcloud.agent.controller.ControllerClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Asks the controller's {@code /agent/metadata} endpoint, with the host credential. */
public final class ControllerMetadataSource implements MetadataSource {
    private final ControllerClient controller;

    public ControllerMetadataSource(ControllerClient controller) {
        this.controller = requireNonNull(controller, "controller");
    }

    @Override
    public MetadataAnswer fetch(String networkId, String sourceAddress, String path) {
        // The path goes into the URL as it is, so it must not be able to climb out of the metadata endpoint.
        String safe = URI.create("/" + path.replace(" ", "%20")).normalize().getRawPath().replaceFirst("^/+", "");
        if (safe.startsWith("..")) {
            return new MetadataAnswer(404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
        }
        RawAnswer answer = controller.metadata(networkId, sourceAddress, safe);
        return new MetadataAnswer(answer.status(), answer.contentType(), answer.body());
    }
}
