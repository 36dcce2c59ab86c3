package io.lightcloud.loadgen.scenario;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * An HTTP sampler. {@code url}, header values and {@code body} are templates ({@code ${var}} and functions) resolved
 * per request.
 */
public record HttpStep(
        String label,
        String method,
        String url,
        Map<String, String> headers,
        String body,
        List<Extractor> extractors,
        List<Assertion> assertions,
        ThinkTime thinkTime) implements Step {
    public HttpStep {
        requireNonNull(label, "label is null");
        requireNonNull(method, "method is null");
        requireNonNull(url, "url is null");
        headers = Map.copyOf(headers);
        extractors = List.copyOf(extractors);
        assertions = List.copyOf(assertions);
        requireNonNull(thinkTime, "thinkTime is null");
    }
}
