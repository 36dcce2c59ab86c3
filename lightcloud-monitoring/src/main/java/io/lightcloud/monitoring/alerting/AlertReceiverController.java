package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.monitoring.stack.StackConfigFiles;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Alertmanager's webhook receiver (only the scrape credential reaches it): records the alerts and hands them to
 * the dispatcher; answers at once so Alertmanager's retry logic stays for real failures.
 */
@RestController
public class AlertReceiverController {
    private final AlertDispatcher dispatcher;

    public AlertReceiverController(AlertDispatcher dispatcher) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    }

    @PostMapping(StackConfigFiles.RECEIVER_PATH)
    public Map<String, Object> receive(@RequestBody(required = false) JsonNode payload) {
        if (payload == null || !payload.path("alerts").isArray()) {
            throw ApiException.badRequest("An Alertmanager webhook payload with 'alerts' is expected.");
        }
        return Map.of("accepted", dispatcher.accept(payload));
    }
}
