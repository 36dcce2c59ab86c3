package io.lightcloud.loadgen.engine;

import io.lightcloud.loadgen.results.LabelRecorder;
import io.lightcloud.loadgen.results.RunRecorder;
import io.lightcloud.loadgen.scenario.Assertion;
import io.lightcloud.loadgen.scenario.Extractor;
import io.lightcloud.loadgen.scenario.HttpStep;
import io.lightcloud.loadgen.scenario.JsonPaths;
import io.lightcloud.loadgen.scenario.Template;
import io.lightcloud.loadgen.scenario.TransactionStep;
import io.lightcloud.loadgen.scenario.Step;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An HTTP step with its templates, patterns, target (when its URL is fixed) and recorders resolved once, and its place
 * in a transaction: steps are flattened so a virtual user walks one list.
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
        boolean closesTransaction,
        HttpMethod method,
        RequestTarget fixedTarget,
        LabelRecorder recorder,
        LabelRecorder transactionRecorder) {

    static List<CompiledStep> flatten(List<Step> steps, RunRecorder recorders) {
        List<CompiledStep> out = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof TransactionStep t) {
                for (int i = 0; i < t.children().size(); i++) {
                    out.add(compile(t.children().get(i), t.label(), i == 0, i == t.children().size() - 1,
                            recorders));
                }
            } else {
                out.add(compile((HttpStep) step, null, false, false, recorders));
            }
        }
        return out;
    }

    private static CompiledStep compile(HttpStep step, String transaction, boolean opens, boolean closes,
            RunRecorder recorders) {
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
        Template url = Template.parse(step.url());
        RequestTarget fixed = step.url().contains("${") ? null : fixedTarget(step.url());
        return new CompiledStep(step, url, headers, Template.parse(step.body()),
                extractorPatterns, extractorPaths, assertionPatterns, assertionPaths, wantBody, transaction, opens,
                closes, HttpMethod.valueOf(step.method()), fixed, recorders.label(step.label()),
                transaction == null ? null : recorders.label(transaction));
    }

    /** Null for an invalid URL: parsed again per request, each request then fails as {@code invalid_url}. */
    private static RequestTarget fixedTarget(String url) {
        try {
            return RequestTarget.parse(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
