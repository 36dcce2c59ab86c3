package io.lightcloud.loadtest.plan;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Validates a JSON HTTP scenario (the format in {@code docs/loadtest.md}) strictly and normalizes it into the scenario
 * document executors run, the same document a compiled {@code .jmx} becomes. Every problem is a 400 naming the field.
 */
public final class ScenarioValidator {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final Pattern FUNCTION = Pattern.compile("\\$\\{(__\\w+)");
    private static final int MAX_STEPS = 1000;

    private ScenarioValidator() {
    }

    public static Map<String, Object> normalize(JsonFields in) {
        in.allowOnly(Set.of("load", "variables", "cookies", "data_sets", "steps", "throughput_per_user_per_minute"));
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("load", load(in.object("load").orElseThrow(() -> required(in, "load"))));
        Map<String, Object> variables = new LinkedHashMap<>();
        in.object("variables").ifPresent(v -> v.raw().forEachEntry((name, value) -> {
            if (!value.isString()) {
                throw ApiException.badRequest("Invalid input for field 'scenario.variables." + name
                        + "': it must be a string.");
            }
            variables.put(name, checkFunctions(value.stringValue(), "scenario.variables." + name));
        }));
        scenario.put("variables", variables);
        scenario.put("cookies", in.bool("cookies").orElse(false));
        scenario.put("throughput_per_user_per_minute", number(in.raw().get("throughput_per_user_per_minute"),
                "scenario.throughput_per_user_per_minute", 0, 1e7, 0));
        List<Map<String, Object>> dataSets = new ArrayList<>();
        for (JsonFields set : in.objectList("data_sets")) {
            dataSets.add(dataSet(set));
        }
        scenario.put("data_sets", dataSets);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (JsonFields step : in.objectList("steps")) {
            steps.add(step(step, true));
        }
        if (steps.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'scenario.steps': at least one step is required.");
        }
        if (steps.size() > MAX_STEPS) {
            throw ApiException.badRequest("Invalid input for field 'scenario.steps': at most " + MAX_STEPS + ".");
        }
        scenario.put("steps", steps);
        return scenario;
    }

    private static Map<String, Object> load(JsonFields in) {
        in.allowOnly(Set.of("model", "users", "connections", "rate", "ramp_up_seconds", "duration_seconds", "loops"));
        String model = in.string("model", 16).orElse("closed");
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("model", model);
        if (model.equals("closed")) {
            load.put("users", in.integer("users", 1, 1_000_000).orElseThrow(() -> required(in, "users")));
        } else if (model.equals("open")) {
            load.put("rate", number(in.raw().get("rate"), "scenario.load.rate", 0.001, 10_000_000, -1));
            if ((double) load.get("rate") < 0) {
                throw required(in, "rate");
            }
            load.put("users", in.integer("connections", 1, 100_000).orElse(10L));
        } else {
            throw ApiException.badRequest("Invalid input for field 'scenario.load.model': closed or open.");
        }
        load.put("ramp_up_seconds", in.integer("ramp_up_seconds", 0, 86_400).orElse(0L));
        long duration = in.integer("duration_seconds", 0, 7 * 86_400).orElse(0L);
        long loops = in.integer("loops", 0, Long.MAX_VALUE / 2).orElse(0L);
        if (duration == 0 && (loops == 0 || model.equals("open"))) {
            throw ApiException.badRequest("Invalid input for field 'scenario.load.duration_seconds': a run needs a "
                    + "duration (or loops, in the closed model).");
        }
        load.put("duration_seconds", duration);
        load.put("loops", loops);
        return load;
    }

    private static Map<String, Object> dataSet(JsonFields in) {
        in.allowOnly(Set.of("name", "variables", "rows", "content", "delimiter", "recycle", "partition"));
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("name", in.requiredNonBlank("name", 255));
        List<String> variables = in.stringList("variables", 255).orElseThrow(() -> required(in, "variables"));
        List<List<String>> rows = new ArrayList<>();
        JsonNode rawRows = in.raw().get("rows");
        if (rawRows != null && rawRows.isArray()) {
            for (JsonNode row : rawRows) {
                if (!row.isArray()) {
                    throw ApiException.badRequest("Invalid input for field 'data_sets.rows': an array of arrays.");
                }
                rows.add(row.values().stream().map(JsonNode::asString).toList());
            }
        }
        in.string("content", 8 << 20).ifPresent(content -> rows.addAll(
                CsvRows.parse(content, in.string("delimiter", 4).orElse(","), true)));
        set.put("variables", variables);
        set.put("recycle", in.bool("recycle").orElse(true));
        set.put("partition", in.bool("partition").orElse(true));
        set.put("rows", rows);
        return set;
    }

    private static Map<String, Object> step(JsonFields in, boolean topLevel) {
        String type = in.string("type", 16).orElse("http");
        if (type.equals("transaction")) {
            if (!topLevel) {
                throw ApiException.badRequest("Invalid input for field 'steps': transactions do not nest.");
            }
            in.allowOnly(Set.of("type", "label", "steps"));
            List<Map<String, Object>> children = new ArrayList<>();
            for (JsonFields child : in.objectList("steps")) {
                children.add(step(child, false));
            }
            if (children.isEmpty()) {
                throw ApiException.badRequest("Invalid input for field 'steps': a transaction needs steps.");
            }
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("type", "transaction");
            step.put("label", in.requiredNonBlank("label", 255));
            step.put("steps", children);
            return step;
        }
        if (!type.equals("http")) {
            throw ApiException.badRequest("Invalid input for field 'steps.type': http or transaction.");
        }
        in.allowOnly(Set.of("type", "label", "method", "url", "headers", "body", "think_time", "extractors",
                "assertions"));
        String label = in.requiredNonBlank("label", 255);
        String method = in.string("method", 16).orElse("GET");
        if (!METHODS.contains(method)) {
            throw ApiException.badRequest("Invalid input for field 'steps.method': '" + method + "' is not one of "
                    + METHODS + ".");
        }
        String url = checkFunctions(in.requiredNonBlank("url", 8192), "steps.url");
        if (!url.startsWith("http://")) {
            throw ApiException.badRequest("Invalid input for field 'steps.url': '" + url + "' must start with "
                    + "http:// (the fast engine speaks HTTP/1.1 without TLS).");
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        in.object("headers").ifPresent(h -> h.raw().forEachEntry((name, value) -> headers.put(name,
                checkFunctions(value.asString(), "steps.headers." + name))));
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("type", "http");
        step.put("label", label);
        step.put("method", method);
        step.put("url", url);
        step.put("headers", headers);
        step.put("body", checkFunctions(in.string("body", 1 << 20).orElse(""), "steps.body"));
        JsonFields think = in.object("think_time").orElse(null);
        long constant = 0;
        long random = 0;
        if (think != null) {
            think.allowOnly(Set.of("constant_ms", "random_ms"));
            constant = think.integer("constant_ms", 0, 3_600_000).orElse(0L);
            random = think.integer("random_ms", 0, 3_600_000).orElse(0L);
        }
        step.put("think_time", Map.of("constant_ms", constant, "random_ms", random));
        List<Map<String, Object>> extractors = new ArrayList<>();
        for (JsonFields e : in.objectList("extractors")) {
            e.allowOnly(Set.of("type", "variable", "expression", "group", "match", "default"));
            String kind = e.requiredNonBlank("type", 8);
            String expression = e.requiredNonBlank("expression", 4096);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("type", kind);
            doc.put("variable", e.requiredNonBlank("variable", 255));
            if (kind.equals("regex")) {
                doc.put("expression", PlanPaths.checkRegex(expression, label));
                doc.put("group", e.integer("group", 0, 99).orElse(Pattern.compile(expression).matcher("")
                        .groupCount() > 0 ? 1L : 0L));
            } else if (kind.equals("json")) {
                doc.put("expression", PlanPaths.checkJsonPath(expression, label));
                doc.put("group", 0L);
            } else {
                throw ApiException.badRequest("Invalid input for field 'extractors.type': regex or json.");
            }
            doc.put("match", e.integer("match", -1, 1_000_000).orElse(1L));
            doc.put("default", e.string("default", 4096).orElse(""));
            extractors.add(doc);
        }
        step.put("extractors", extractors);
        List<Map<String, Object>> assertions = new ArrayList<>();
        for (JsonFields a : in.objectList("assertions")) {
            a.allowOnly(Set.of("type", "value", "expected", "expected_is_regex", "not", "name"));
            String kind = a.requiredNonBlank("type", 16);
            String value = a.requiredString("value", 4096);
            switch (kind) {
                case "status" -> {
                    if (!value.matches("\\d{3}(\\s*,\\s*\\d{3})*")) {
                        throw ApiException.badRequest("Invalid input for field 'assertions.value': '" + value
                                + "' is not a list of status codes.");
                    }
                }
                case "regex" -> PlanPaths.checkRegex(value, label);
                case "json" -> PlanPaths.checkJsonPath(value, label);
                case "contains" -> { }
                default -> throw ApiException.badRequest("Invalid input for field 'assertions.type': status, "
                        + "contains, regex or json.");
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("type", kind);
            doc.put("value", value);
            a.string("expected", 4096).ifPresent(expected -> doc.put("expected", expected));
            doc.put("expected_is_regex", a.bool("expected_is_regex").orElse(false));
            doc.put("not", a.bool("not").orElse(false));
            doc.put("name", a.string("name", 255).orElse(kind + " " + value));
            assertions.add(doc);
        }
        step.put("assertions", assertions);
        return step;
    }

    private static String checkFunctions(String text, String field) {
        Matcher m = FUNCTION.matcher(text);
        while (m.find()) {
            if (!JmxCompiler.FUNCTIONS.contains(m.group(1))) {
                throw ApiException.badRequest("Invalid input for field '" + field + "': function " + m.group(1)
                        + " is not supported (supported: " + String.join(", ", JmxCompiler.FUNCTIONS) + ").");
            }
        }
        return text;
    }

    private static double number(JsonNode value, String field, double min, double max, double fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': a number between " + min
                    + " and " + max + ".");
        }
        return value.doubleValue();
    }

    private static ApiException required(JsonFields in, String name) {
        return ApiException.badRequest("'" + name + "' is a required property of the scenario's '"
                + (in.names().isEmpty() ? "object" : "section") + "'.");
    }
}
