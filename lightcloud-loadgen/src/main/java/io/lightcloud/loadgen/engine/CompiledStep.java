package io.lightcloud.loadgen.engine;

import io.lightcloud.loadgen.scenario.Assertion;
import io.lightcloud.loadgen.scenario.Extractor;
import io.lightcloud.loadgen.scenario.HttpStep;
import io.lightcloud.loadgen.scenario.JsonPaths;
import io.lightcloud.loadgen.scenario.Template;
import io.lightcloud.loadgen.scenario.TransactionStep;
import io.lightcloud.loadgen.scenario.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An HTTP step with its templates and patterns parsed once, and its place in a transaction: steps are flattened so a
 * virtual user walks one list.
 *
 * @param transaction the enclosing transaction's label, or null
 */
record CompiledStep(
        HttpStep step,
        Template url,
        Map<String, Template> headers,
        Template body,
        List<Pattern> extractorPatterns,
        List<List<Object>> extractorPaths,
        List<Pattern> assertionPatterns,
        List<List<Object>> assertionPaths,
        boolean wantBody,
        String transaction,
        boolean opensTransaction,
        boolean closesTransaction) {

    static List<CompiledStep> flatten(List<Step> steps) {
        List<CompiledStep> out = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof TransactionStep t) {
                for (int i = 0; i < t.children().size(); i++) {
                    out.add(compile(t.children().get(i), t.label(), i == 0, i == t.children().size() - 1));
                }
            } else {
                out.add(compile((HttpStep) step, null, false, false));
            }
        }
        return out;
    }

    private static CompiledStep compile(HttpStep step, String transaction, boolean opens, boolean closes) {
        Map<String, Template> headers = new LinkedHashMap<>();
        step.headers().forEach((name, value) -> headers.put(name, Template.parse(value)));
        List<Pattern> extractorPatterns = new ArrayList<>();
        List<List<Object>> extractorPaths = new ArrayList<>();
        for (Extractor e : step.extractors()) {
            extractorPatterns.add(e.kind() == Extractor.Kind.REGEX ? Pattern.compile(e.expression()) : null);
            extractorPaths.add(e.kind() == Extractor.Kind.JSON ? JsonPaths.parse(e.expression()) : null);
        }
        List<Pattern> assertionPatterns = new ArrayList<>();
        List<List<Object>> assertionPaths = new ArrayList<>();
        boolean wantBody = !step.extractors().isEmpty();
        for (Assertion a : step.assertions()) {
            assertionPatterns.add(a.kind() == Assertion.Kind.REGEX ? Pattern.compile(a.value())
                    : a.expectedIsRegex() && a.expected() != null ? Pattern.compile(a.expected()) : null);
            assertionPaths.add(a.kind() == Assertion.Kind.JSON ? JsonPaths.parse(a.value()) : null);
            wantBody |= a.kind() != Assertion.Kind.STATUS;
        }
        return new CompiledStep(step, Template.parse(step.url()), headers, Template.parse(step.body()),
                extractorPatterns, extractorPaths, assertionPatterns, assertionPaths, wantBody, transaction, opens,
                closes);
    }
}
