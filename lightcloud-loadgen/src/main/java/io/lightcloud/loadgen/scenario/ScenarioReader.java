package io.lightcloud.loadgen.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the scenario document of a work assignment (the format in {@code docs/loadtest-protocol.md}). The controller
 * validated it already; this reader still fails loudly on anything it does not understand rather than guess.
 */
public final class ScenarioReader {
    private ScenarioReader() {
    }

    public static Scenario read(JsonNode document) {
        JsonNode load = required(document, "load");
        LoadModel model = new LoadModel(
                LoadModel.Kind.valueOf(load.path("model").asString("closed").toUpperCase(Locale.ROOT)),
                load.path("users").asInt(1), load.path("rate").asDouble(0),
                Math.round(load.path("ramp_up_seconds").asDouble(0) * 1000),
                Math.round(load.path("duration_seconds").asDouble(0) * 1000), load.path("loops").asLong(0));
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : required(document, "steps").values()) {
            String type = step.path("type").asString("http");
            if (type.equals("transaction")) {
                List<HttpStep> children = new ArrayList<>();
                for (JsonNode child : required(step, "steps").values()) {
                    children.add(http(child));
                }
                steps.add(new TransactionStep(step.path("label").asString("transaction"), children));
            } else if (type.equals("http")) {
                steps.add(http(step));
            } else {
                throw new IllegalArgumentException("unknown step type " + type);
            }
        }
        List<CsvDataSet> dataSets = new ArrayList<>();
        for (JsonNode set : document.path("data_sets").values()) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode row : set.path("rows").values()) {
                rows.add(row.values().stream().map(JsonNode::asString).toList());
            }
            dataSets.add(new CsvDataSet(set.path("name").asString("data"),
                    set.path("variables").values().stream().map(JsonNode::asString).toList(), rows,
                    set.path("recycle").asBoolean(true)));
        }
        return new Scenario(model, steps, strings(document.path("variables")), dataSets,
                document.path("cookies").asBoolean(false), document.path("throughput_per_user_per_minute").asDouble(0),
                document.path("allowed_targets").values().stream().map(JsonNode::asString)
                        .collect(java.util.stream.Collectors.toSet()));
    }

    private static HttpStep http(JsonNode step) {
        List<Extractor> extractors = new ArrayList<>();
        for (JsonNode e : step.path("extractors").values()) {
            extractors.add(new Extractor(Extractor.Kind.valueOf(e.path("type").asString().toUpperCase(Locale.ROOT)),
                    e.path("variable").asString(), e.path("expression").asString(), e.path("group").asInt(0),
                    e.path("match").asInt(1),
                    e.path("default").asString("")));
        }
        List<Assertion> assertions = new ArrayList<>();
        for (JsonNode a : step.path("assertions").values()) {
            Assertion.Kind kind = Assertion.Kind.valueOf(a.path("type").asString().toUpperCase(Locale.ROOT));
            assertions.add(new Assertion(kind, a.path("value").asString(),
                    a.path("expected").isNull() || a.path("expected").isMissingNode() ? null : a.path("expected").asString(),
                    a.path("expected_is_regex").asBoolean(false), a.path("not").asBoolean(false), a.path("name").asString(kind.name().toLowerCase(Locale.ROOT))));
        }
        JsonNode think = step.path("think_time");
        return new HttpStep(required(step, "label").asString(), step.path("method").asString("GET"),
                required(step, "url").asString(), strings(step.path("headers")), step.path("body").asString(""),
                extractors, assertions, new ThinkTime(think.path("constant_ms").asLong(0),
                        think.path("random_ms").asLong(0)));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.forEachEntry((name, value) -> values.put(name, value.asString()));
        return values;
    }

    private static JsonNode required(JsonNode node, String name) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            throw new IllegalArgumentException("the scenario has no '" + name + "'");
        }
        return value;
    }
}
