package io.lightcloud.loadtest.plan;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jmeter.assertions.JSONPathAssertion;
import org.apache.jmeter.assertions.ResponseAssertion;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.config.CSVDataSet;
import org.apache.jmeter.config.ConfigTestElement;
import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.control.TransactionController;
import org.apache.jmeter.extractor.RegexExtractor;
import org.apache.jmeter.extractor.json.jsonpath.JSONPostProcessor;
import org.apache.jmeter.protocol.http.control.CookieManager;
import org.apache.jmeter.protocol.http.control.Header;
import org.apache.jmeter.protocol.http.control.HeaderManager;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerBase;
import org.apache.jmeter.reporters.ResultCollector;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jmeter.timers.ConstantThroughputTimer;
import org.apache.jmeter.timers.ConstantTimer;
import org.apache.jmeter.timers.UniformRandomTimer;
import org.apache.jorphan.collections.HashTree;

/**
 * Translates a JMeter {@code .jmx} plan, loaded by JMeter's own {@link SaveService}, into the fast engine's scenario
 * document. Strict: any enabled element the fast engine does not run makes the whole plan a {@link PlanProblem}
 * listing every such element (compatibility mode on JMeter's engine is not built), so nothing is silently ignored.
 * Listeners only record results in JMeter; they are dropped and said so in the notes, because Lightcloud records
 * every sample itself.
 */
public final class JmxCompiler {
    private static final Pattern CAPTURE_TEMPLATE = Pattern.compile("^\\$(\\d+)\\$$");
    private static final Pattern FUNCTION = Pattern.compile("\\$\\{(__\\w+)");
    /** The functions the fast engine implements (the executor's {@code Template.FUNCTIONS}). */
    static final Set<String> FUNCTIONS = Set.of("__Random", "__UUID", "__time", "__threadNum", "__counter");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JmxCompiler.class);

    private final Path dataDir;

    public JmxCompiler(Path dataDir) {
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
    }

    /** The compiled plan: the scenario document and notes the user should read (what was dropped and why). */
    public record Compiled(Map<String, Object> scenario, List<String> notes) {
    }

    /** Elements in one scope (a plan, thread group, controller or sampler) that apply to every sampler below it. */
    private record Scope(Map<String, String> defaults, Map<String, String> headers, long constantDelay,
            long randomDelay, List<Map<String, Object>> assertions, List<Map<String, Object>> extractors) {
        Scope child() {
            return new Scope(new LinkedHashMap<>(defaults), new LinkedHashMap<>(headers), constantDelay, randomDelay,
                    new ArrayList<>(assertions), new ArrayList<>(extractors));
        }

        Scope withDelay(long constant, long random) {
            return new Scope(defaults, headers, constantDelay + constant, randomDelay + random, assertions,
                    extractors);
        }
    }

    private final class Compilation {
        final Map<String, String> dataFiles;
        final List<String> unsupported = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Map<String, Object> variables = new LinkedHashMap<>();
        final List<Map<String, Object>> dataSets = new ArrayList<>();
        final Set<String> functions = new LinkedHashSet<>();
        boolean cookies;
        double throughputPerMinute;
        boolean sharedThroughput;

        Compilation(Map<String, String> dataFiles) {
            this.dataFiles = dataFiles;
        }
    }

    public Compiled compile(String jmx, Map<String, String> dataFiles) {
        JmeterHome.ensureInitialized(dataDir);
        HashTree tree = load(jmx);
        Compilation c = new Compilation(dataFiles);
        Map<String, Object> load = null;
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Object planKey : tree.list()) {
            if (!(planKey instanceof TestPlan plan)) {
                throw new PlanProblem("The .jmx has no test plan at its root (found " + describe(planKey) + ").");
            }
            c.variables.putAll(plan.getUserDefinedVariables());
            HashTree planTree = tree.getTree(planKey);
            Scope scope = scope(planTree, new Scope(new LinkedHashMap<>(), new LinkedHashMap<>(), 0, 0,
                    new ArrayList<>(), new ArrayList<>()), c);
            for (Object key : planTree.list()) {
                if (key instanceof ThreadGroup group && group.isEnabled()) {
                    if (load != null) {
                        c.unsupported.add("a second thread group '" + group.getName()
                                + "' (the fast engine runs one thread group per plan)");
                        continue;
                    }
                    load = load(group, c);
                    walk(planTree.getTree(key), scope(planTree.getTree(key), scope.child(), c), c, steps);
                } else if (isScopeElement(key) || !enabled(key)) {
                    continue;
                } else {
                    c.unsupported.add(describe(key));
                }
            }
        }
        for (String function : c.functions) {
            if (!FUNCTIONS.contains(function)) {
                c.unsupported.add("function " + function + " (supported: " + String.join(", ", FUNCTIONS) + ")");
            }
        }
        if (!c.unsupported.isEmpty()) {
            throw new PlanProblem("The plan uses elements the fast engine does not run (strict mode; compatibility "
                    + "mode on JMeter's engine is not available): " + String.join("; ", c.unsupported) + ".");
        }
        if (load == null) {
            throw new PlanProblem("The plan has no enabled thread group.");
        }
        if (steps.isEmpty()) {
            throw new PlanProblem("The thread group has no HTTP request.");
        }
        if (c.throughputPerMinute > 0 && c.sharedThroughput) {
            c.throughputPerMinute /= ((Number) load.get("users")).doubleValue();
        }
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("load", load);
        scenario.put("variables", c.variables);
        scenario.put("cookies", c.cookies);
        scenario.put("throughput_per_user_per_minute", c.throughputPerMinute);
        scenario.put("data_sets", c.dataSets);
        scenario.put("steps", steps);
        return new Compiled(scenario, c.notes);
    }

    private HashTree load(String jmx) {
        try {
            Path file = Files.createTempFile(Files.createDirectories(dataDir.resolve("loadtest")), "plan-", ".jmx");
            try {
                Files.writeString(file, jmx, StandardCharsets.UTF_8);
                File asFile = file.toFile();
                return SaveService.loadTree(asFile);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            log.info("JMeter could not load a plan", e);
            throw new PlanProblem("The .jmx is not a plan JMeter 5.6.3 can load: " + rootMessage(e));
        }
    }

    /** The deepest cause, which names the problem (XStream and JMeter wrap it several times). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().strip();
        int newline = message.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (newline > 0 ? message.substring(0, newline) : message)
                .replaceAll("/\\S*plan-\\d+\\.jmx", "the plan");
    }

    private Map<String, Object> load(ThreadGroup group, Compilation c) {
        int users = integer(group, "ThreadGroup.num_threads", group.getName());
        int rampUp = integer(group, "ThreadGroup.ramp_time", group.getName());
        long loops = -1;
        if (group.getSamplerController() instanceof LoopController loop) {
            loops = integer(loop, "LoopController.loops", group.getName());
        }
        long duration = group.getScheduler() ? integer(group, "ThreadGroup.duration", group.getName()) : 0;
        if (loops < 0 && duration <= 0) {
            throw new PlanProblem("Thread group '" + group.getName() + "' loops forever without a duration; set "
                    + "'Specify thread lifetime' with a duration or a loop count.");
        }
        if (group.getScheduler() && integer(group, "ThreadGroup.delay", group.getName()) > 0) {
            c.unsupported.add("a start-up delay on thread group '" + group.getName() + "'");
        }
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("model", "closed");
        load.put("users", users);
        load.put("ramp_up_seconds", rampUp);
        load.put("duration_seconds", duration);
        load.put("loops", Math.max(0, loops));
        return load;
    }

    private static int integer(TestElement element, String property, String elementName) {
        String raw = element.getPropertyAsString(property).trim();
        if (raw.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new PlanProblem("'" + elementName + "': " + property + " is '" + raw
                    + "'; the fast engine needs a number there.");
        }
    }

    /** Reads the scope elements directly under {@code tree} into a new scope derived from {@code outer}. */
    private Scope scope(HashTree tree, Scope outer, Compilation c) {
        Scope scope = outer;
        for (Object key : tree.list()) {
            if (!enabled(key)) {
                continue;
            }
            if (key instanceof ConfigTestElement defaults && isHttpDefaults(defaults)) {
                for (String name : List.of("HTTPSampler.domain", "HTTPSampler.port", "HTTPSampler.protocol",
                        "HTTPSampler.path")) {
                    String value = defaults.getPropertyAsString(name);
                    if (!value.isBlank()) {
                        scope.defaults().put(name, value);
                    }
                }
            } else if (key instanceof HeaderManager headers) {
                for (int i = 0; i < headers.size(); i++) {
                    Header header = headers.get(i);
                    scope.headers().put(header.getName(), text(header.getValue(), c));
                }
            } else if (key instanceof CookieManager cookies) {
                c.cookies = true;
                if (cookies.getCookieCount() > 0) {
                    c.unsupported.add("predefined cookies in cookie manager '" + cookies.getName() + "'");
                }
            } else if (key instanceof CSVDataSet csv) {
                c.dataSets.add(dataSet(csv, c));
            } else if (key instanceof Arguments arguments) {
                arguments.getArgumentsAsMap().forEach((k, v) -> c.variables.put(k, text(v, c)));
            } else if (key instanceof UniformRandomTimer timer) {
                scope = scope.withDelay(number(timer.getDelay(), timer.getName()),
                        number(timer.getPropertyAsString("RandomTimer.range"), timer.getName()));
            } else if (key instanceof ConstantTimer timer && key.getClass() == ConstantTimer.class) {
                scope = scope.withDelay(number(timer.getDelay(), timer.getName()), 0);
            } else if (key instanceof ConstantThroughputTimer timer) {
                c.throughputPerMinute = timer.getThroughput();
                c.sharedThroughput = timer.getCalcMode() != 0;
            } else if (key instanceof ResponseAssertion assertion) {
                scope.assertions().addAll(responseAssertion(assertion, c));
            } else if (key instanceof JSONPathAssertion assertion) {
                scope.assertions().add(jsonAssertion(assertion, c));
            } else if (key instanceof RegexExtractor extractor) {
                scope.extractors().add(regexExtractor(extractor, c));
            } else if (key instanceof JSONPostProcessor extractor) {
                scope.extractors().addAll(jsonExtractors(extractor, c));
            } else if (key instanceof ResultCollector collector) {
                c.notes.add("Listener '" + collector.getName() + "' was dropped: Lightcloud records every sample "
                        + "and keeps the report itself.");
            }
        }
        return scope;
    }

    private static boolean isScopeElement(Object key) {
        return (key instanceof ConfigTestElement config && isHttpDefaults(config)) || key instanceof HeaderManager || key instanceof CookieManager
                || key instanceof CSVDataSet || key instanceof Arguments || key.getClass() == ConstantTimer.class
                || key instanceof UniformRandomTimer || key instanceof ConstantThroughputTimer
                || key instanceof ResponseAssertion || key instanceof JSONPathAssertion
                || key instanceof RegexExtractor || key instanceof JSONPostProcessor
                || key instanceof ResultCollector;
    }

    /** HTTP Request Defaults is a plain config element with its own GUI; other configs share the class. */
    private static boolean isHttpDefaults(ConfigTestElement element) {
        return element.getClass() == ConfigTestElement.class && "HttpDefaultsGui".equals(guiName(element));
    }

    private void walk(HashTree tree, Scope scope, Compilation c, List<Map<String, Object>> steps) {
        for (Object key : tree.list()) {
            if (!enabled(key) || isScopeElement(key)) {
                continue;
            }
            HashTree children = tree.getTree(key);
            if (key instanceof HTTPSamplerBase sampler) {
                steps.add(httpStep(sampler, scope(children, scope.child(), c), c));
                for (Object child : children.list()) {
                    if (enabled(child) && !isScopeElement(child)) {
                        c.unsupported.add(describe(child) + " under sampler '" + sampler.getName() + "'");
                    }
                }
            } else if (key instanceof TransactionController transaction) {
                if (transaction.isGenerateParentSample()) {
                    c.unsupported.add("'Generate parent sample' on transaction controller '"
                            + transaction.getName() + "'");
                }
                List<Map<String, Object>> inner = new ArrayList<>();
                walk(children, scope(children, scope.child(), c), c, inner);
                if (inner.stream().anyMatch(step -> "transaction".equals(step.get("type")))) {
                    c.unsupported.add("nested transaction controllers in '" + transaction.getName() + "'");
                }
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("type", "transaction");
                step.put("label", transaction.getName());
                step.put("steps", inner);
                steps.add(step);
            } else {
                c.unsupported.add(describe(key));
            }
        }
    }

    private Map<String, Object> httpStep(HTTPSamplerBase sampler, Scope scope, Compilation c) {
        String name = sampler.getName();
        if (sampler.getHTTPFiles().length > 0 || sampler.getDoMultipart()) {
            c.unsupported.add("file upload / multipart in sampler '" + name + "'");
        }
        String protocol = valueOr(sampler.getPropertyAsString("HTTPSampler.protocol"), scope, "HTTPSampler.protocol",
                "http").toLowerCase(java.util.Locale.ROOT);
        if (!protocol.equals("http")) {
            c.unsupported.add("protocol " + protocol + " in sampler '" + name + "' (the fast engine speaks http)");
        }
        String domain = valueOr(sampler.getPropertyAsString("HTTPSampler.domain"), scope, "HTTPSampler.domain", "");
        if (domain.isBlank()) {
            throw new PlanProblem("HTTP request '" + name + "' has no server name (and no HTTP Request Defaults).");
        }
        String port = valueOr(sampler.getPropertyAsString("HTTPSampler.port"), scope, "HTTPSampler.port", "");
        String path = valueOr(sampler.getPropertyAsString("HTTPSampler.path"), scope, "HTTPSampler.path", "/");
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String method = sampler.getMethod();
        StringBuilder query = new StringBuilder();
        String body = "";
        Map<String, String> headers = new LinkedHashMap<>(scope.headers());
        Arguments arguments = sampler.getArguments();
        if (sampler.getPostBodyRaw()) {
            StringBuilder raw = new StringBuilder();
            for (JMeterProperty property : arguments) {
                raw.append(((org.apache.jmeter.config.Argument) property.getObjectValue()).getValue());
            }
            body = raw.toString();
        } else if (arguments.getArgumentCount() > 0) {
            StringBuilder form = new StringBuilder();
            for (JMeterProperty property : arguments) {
                org.apache.jmeter.protocol.http.util.HTTPArgument argument =
                        (org.apache.jmeter.protocol.http.util.HTTPArgument) property.getObjectValue();
                String pair = encoded(argument.getName(), argument.isAlwaysEncoded()) + "="
                        + encoded(argument.getValue(), argument.isAlwaysEncoded());
                StringBuilder target = method.equals("POST") || method.equals("PUT") ? form : query;
                target.append(target.length() == 0 ? "" : "&").append(pair);
            }
            if (form.length() > 0) {
                body = form.toString();
                headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
            }
        }
        String url = "http://" + domain + (port.isBlank() ? "" : ":" + port) + path
                + (query.length() == 0 ? "" : (path.contains("?") ? "&" : "?") + query);
        if (sampler.getFollowRedirects() || sampler.getAutoRedirects()) {
            c.notes.add("Sampler '" + name + "': redirects are not followed by the fast engine; a 3xx answer is "
                    + "recorded as it is.");
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("type", "http");
        step.put("label", name);
        step.put("method", method);
        step.put("url", text(url, c));
        step.put("headers", headers);
        step.put("body", text(body, c));
        step.put("extractors", scope.extractors());
        step.put("assertions", scope.assertions());
        step.put("think_time", Map.of("constant_ms", scope.constantDelay(), "random_ms", scope.randomDelay()));
        return step;
    }

    private static String encoded(String value, boolean encode) {
        return encode && !value.contains("${") ? URLEncoder.encode(value, StandardCharsets.UTF_8) : value;
    }

    private static String valueOr(String own, Scope scope, String property, String fallback) {
        if (own != null && !own.isBlank()) {
            return own;
        }
        return scope.defaults().getOrDefault(property, fallback);
    }

    private List<Map<String, Object>> responseAssertion(ResponseAssertion assertion, Compilation c) {
        String name = assertion.getName();
        List<String> patterns = new ArrayList<>();
        for (JMeterProperty property : assertion.getTestStrings()) {
            patterns.add(text(property.getStringValue(), c));
        }
        if (!(assertion.isTestFieldResponseCode() || assertion.isTestFieldResponseData())
                || assertion.getAssumeSuccess()) {
            c.unsupported.add("response assertion '" + name + "' on " + assertion.getTestField()
                    + (assertion.getAssumeSuccess() ? " with 'ignore status'" : ""));
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        boolean negate = assertion.isNotType();
        if (assertion.isTestFieldResponseCode()) {
            if (assertion.isOrType() || patterns.size() == 1) {
                out.add(assertionDoc("status", String.join(",", patterns), null, negate, name));
            } else {
                patterns.forEach(p -> out.add(assertionDoc("status", p, null, negate, name)));
            }
            return out;
        }
        List<String> regexes = new ArrayList<>();
        for (String pattern : patterns) {
            if (assertion.isSubstringType()) {
                regexes.add(Pattern.quote(pattern));
            } else if (assertion.isEqualsType()) {
                regexes.add("^" + Pattern.quote(pattern) + "$");
            } else if (assertion.isMatchType()) {
                regexes.add("^(?:" + pattern + ")$");
            } else {
                regexes.add(pattern);
            }
        }
        if (assertion.isOrType()) {
            out.add(assertionDoc("regex", "(?s)(?:" + String.join(")|(?:", regexes) + ")", null, negate, name));
        } else {
            regexes.forEach(r -> out.add(assertionDoc("regex", "(?s)" + r, null, negate, name)));
        }
        return out;
    }

    private Map<String, Object> jsonAssertion(JSONPathAssertion assertion, Compilation c) {
        String name = assertion.getName();
        if (assertion.isExpectNull()) {
            c.unsupported.add("'expect null' in JSON assertion '" + name + "'");
        }
        String expected = assertion.isJsonValidationBool() ? text(assertion.getExpectedValue(), c) : null;
        Map<String, Object> doc = assertionDoc("json", PlanPaths.checkJsonPath(assertion.getJsonPath(), name),
                expected, assertion.isInvert(), name);
        doc.put("expected_is_regex", expected != null && assertion.isUseRegex());
        return doc;
    }

    private static Map<String, Object> assertionDoc(String type, String value, String expected, boolean negate,
            String name) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", type);
        doc.put("value", value);
        if (expected != null) {
            doc.put("expected", expected);
        }
        doc.put("not", negate);
        doc.put("name", name);
        return doc;
    }

    private Map<String, Object> regexExtractor(RegexExtractor extractor, Compilation c) {
        String name = extractor.getName();
        if (!extractor.useBody() || !extractor.isScopeParent(extractor.fetchScope())) {
            c.unsupported.add("regular expression extractor '" + name + "' on anything but the main sample's body");
        }
        Matcher template = CAPTURE_TEMPLATE.matcher(extractor.getTemplate().trim());
        int group = 1;
        if (template.matches()) {
            group = Integer.parseInt(template.group(1));
        } else {
            c.unsupported.add("template '" + extractor.getTemplate() + "' of extractor '" + name
                    + "' (supported: $n$)");
        }
        PlanPaths.checkRegex(extractor.getRegex(), name);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "regex");
        doc.put("variable", extractor.getRefName());
        doc.put("expression", extractor.getRegex());
        doc.put("group", group);
        doc.put("match", extractor.getMatchNumber());
        doc.put("default", extractor.getDefaultValue());
        return doc;
    }

    private List<Map<String, Object>> jsonExtractors(JSONPostProcessor extractor, Compilation c) {
        String name = extractor.getName();
        String[] names = extractor.getRefNames().split(";");
        String[] paths = extractor.getJsonPathExpressions().split(";");
        String[] defaults = extractor.getDefaultValues().split(";", -1);
        String[] matches = extractor.getMatchNumbers().isBlank() ? new String[0] : extractor.getMatchNumbers()
                .split(";");
        if (names.length != paths.length) {
            throw new PlanProblem("JSON extractor '" + name + "' has " + names.length + " variable names but "
                    + paths.length + " paths.");
        }
        if (!extractor.isScopeParent(extractor.fetchScope())) {
            c.unsupported.add("JSON extractor '" + name + "' on sub-samples");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String match = i < matches.length ? matches[i].trim() : "0";
            if (!match.isEmpty() && !match.equals("1") && !match.equals("0")) {
                c.unsupported.add("match number " + match + " in JSON extractor '" + name + "'");
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("type", "json");
            doc.put("variable", names[i].trim());
            doc.put("expression", PlanPaths.checkJsonPath(paths[i].trim(), name));
            doc.put("match", 1);
            doc.put("default", i < defaults.length ? defaults[i] : "");
            out.add(doc);
        }
        return out;
    }

    private Map<String, Object> dataSet(CSVDataSet csv, Compilation c) {
        String name = csv.getName();
        String filename = csv.getPropertyAsString("filename");
        String base = Path.of(filename.replace('\\', '/')).getFileName().toString();
        String content = c.dataFiles.get(base);
        if (content == null) {
            throw new PlanProblem("CSV data set '" + name + "' reads '" + filename + "'; upload it as data file '"
                    + base + "'.");
        }
        String delimiter = csv.getPropertyAsString("delimiter");
        delimiter = delimiter.isEmpty() ? "," : delimiter.equals("\\t") ? "\t" : delimiter;
        List<List<String>> rows = CsvRows.parse(content, delimiter, csv.getPropertyAsBoolean("quotedData"));
        String names = csv.getPropertyAsString("variableNames");
        boolean ignoreFirst = csv.getPropertyAsBoolean("ignoreFirstLine");
        List<String> variableNames;
        if (names.isBlank()) {
            if (rows.isEmpty()) {
                throw new PlanProblem("CSV data set '" + name + "': '" + base + "' is empty.");
            }
            variableNames = rows.remove(0);
        } else {
            variableNames = List.of(names.split(java.util.regex.Pattern.quote(delimiter.equals("\t") ? "," : ","),
                    -1)).stream().map(String::trim).toList();
            if (ignoreFirst && !rows.isEmpty()) {
                rows.remove(0);
            }
        }
        String shareMode = csv.getPropertyAsString("shareMode");
        if (!shareMode.isEmpty() && !shareMode.equals("shareMode.all")) {
            c.unsupported.add("sharing mode '" + shareMode + "' of CSV data set '" + name
                    + "' (supported: all threads)");
        }
        boolean recycle = csv.getPropertyAsBoolean("recycle");
        if (!recycle && !csv.getPropertyAsBoolean("stopThread")) {
            c.unsupported.add("CSV data set '" + name + "' with recycle off and 'stop thread on EOF' off");
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", base);
        doc.put("variables", variableNames);
        doc.put("recycle", recycle);
        doc.put("partition", true);
        doc.put("rows", rows);
        return doc;
    }

    private static long number(String value, String elementName) {
        try {
            return Math.round(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            throw new PlanProblem("Timer '" + elementName + "' has delay '" + value
                    + "'; the fast engine needs a number there.");
        }
    }

    private static String text(String value, Compilation c) {
        if (value == null) {
            return "";
        }
        Matcher m = FUNCTION.matcher(value);
        while (m.find()) {
            c.functions.add(m.group(1));
        }
        return value;
    }

    private static boolean enabled(Object key) {
        return !(key instanceof TestElement element) || element.isEnabled();
    }

    private static String guiName(TestElement element) {
        String gui = element.getPropertyAsString(TestElement.GUI_CLASS);
        return gui.substring(gui.lastIndexOf('.') + 1);
    }

    private static String describe(Object key) {
        if (key instanceof TestElement element) {
            String gui = guiName(element);
            return (gui.isEmpty() ? element.getClass().getSimpleName() : gui) + " '" + element.getName() + "'";
        }
        return String.valueOf(key);
    }
}
