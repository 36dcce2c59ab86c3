package io.lightcloud.loadgen.engine;

import io.lightcloud.loadgen.scenario.Assertion;
import io.lightcloud.loadgen.scenario.Extractor;
import io.lightcloud.loadgen.scenario.JsonPaths;
import io.lightcloud.loadgen.scenario.Template;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One virtual user: walks the flattened steps on its own event loop, one request at a time on its own keep-alive
 * connections, with its own variables and cookies. In the open model it is one of the arrival lanes: each iteration
 * starts at its intended time and the first request's latency counts from then, not from when it was sent.
 */
final class VirtualUser implements Template.Context {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final long CONNECT_ERROR_BACKOFF_MILLIS = 10;

    private final RunExecution run;
    private final EventLoop loop;
    private final int number;
    private final Map<String, String> variables;
    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final long arrivalIntervalNanos;
    private long nextArrivalNanos;
    private long counter;
    private long iterations;
    private int index;
    private long iterationIntendedNanos;
    private long transactionStartNanos;
    private long transactionBytes;
    private boolean transactionFailed;
    private long lastSampleStartNanos;
    private boolean finished;

    VirtualUser(RunExecution run, EventLoop loop, int number, long arrivalIntervalNanos, long firstArrivalNanos) {
        this.run = run;
        this.loop = loop;
        this.number = number;
        this.variables = new HashMap<>(run.scenario().variables());
        this.arrivalIntervalNanos = arrivalIntervalNanos;
        this.nextArrivalNanos = firstArrivalNanos;
    }

    @Override
    public Map<String, String> variables() {
        return variables;
    }

    @Override
    public int threadNumber() {
        return number;
    }

    @Override
    public long nextUserCounter() {
        return ++counter;
    }

    void start(long delayNanos) {
        loop.execute(this::connectAhead);
        loop.schedule(this::beginIteration, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /**
     * Opens the first step's connection before the first arrival: an executor that joins a running test (or starts
     * one) would otherwise spend its first intended send times on TCP handshakes and catch up in a burst.
     */
    private void connectAhead() {
        RequestTarget target = run.steps().get(0).fixedTarget();
        if (target != null && run.scenario().allowedTargets().contains(target.key())) {
            connection(target.key(), target.host(), target.port());
        }
    }

    private boolean open() {
        return arrivalIntervalNanos > 0;
    }

    private void beginIteration() {
        long loops = run.scenario().load().loops();
        if (run.stopping() || (!open() && loops > 0 && iterations >= loops) || !run.nextRows(variables)) {
            finish();
            return;
        }
        index = 0;
        if (open()) {
            iterationIntendedNanos = nextArrivalNanos;
            nextArrivalNanos += run.arrivalIntervalNanos(iterationIntendedNanos, arrivalIntervalNanos);
        }
        nextStep(0);
    }

    private void nextStep(long extraDelayMillis) {
        if (run.stopping()) {
            finish();
            return;
        }
        List<CompiledStep> steps = run.steps();
        if (index == steps.size()) {
            iterations++;
            long delay = open() ? nextArrivalNanos - System.nanoTime() : 0;
            loop.schedule(this::beginIteration, Math.max(0, delay), TimeUnit.NANOSECONDS);
            return;
        }
        CompiledStep step = steps.get(index);
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(step.step().thinkTime().nextMillis() + extraDelayMillis);
        long pacing = run.pacingNanos();
        if (pacing > 0 && lastSampleStartNanos != 0) {
            delayNanos = Math.max(delayNanos, lastSampleStartNanos + pacing - System.nanoTime());
        }
        if (delayNanos > 0) {
            loop.schedule(() -> send(step), delayNanos, TimeUnit.NANOSECONDS);
        } else {
            send(step);
        }
    }

    private void send(CompiledStep step) {
        if (run.stopping()) {
            finish();
            return;
        }
        long now = System.nanoTime();
        long intended = open() && index == 0 ? iterationIntendedNanos : now;
        lastSampleStartNanos = now;
        if (step.opensTransaction()) {
            transactionStartNanos = intended;
            transactionBytes = 0;
            transactionFailed = false;
        }
        RequestTarget target;
        FullHttpRequest request;
        try {
            target = step.fixedTarget() != null ? step.fixedTarget() : RequestTarget.parse(step.url().render(this));
            request = request(step, target);
        } catch (IllegalArgumentException e) {
            complete(step, intended, null, "invalid_url", 0);
            return;
        }
        String key = target.key();
        long sent = request.content().readableBytes() + 64L;
        if (!run.scenario().allowedTargets().contains(key)) {
            request.release();
            complete(step, intended, null, "target_not_allowed", 0);
            return;
        }
        connection(key, target.host(), target.port()).whenComplete((channel, failure) -> {
            if (failure != null) {
                request.release();
                complete(step, intended, null, "connection_error", sent);
                return;
            }
            CompletableFuture<HttpResult> result = new CompletableFuture<>();
            channel.attr(ResponseHandler.PENDING).set(new ResponseHandler.Pending(step.wantBody(),
                    run.scenario().cookies(), result));
            channel.writeAndFlush(request);
            result.whenComplete((response, error) -> {
                if (error != null || !response.keepAlive()) {
                    channels.remove(key);
                }
                complete(step, intended, response, error != null ? "connection_error" : null, sent);
            });
        });
    }

    private CompletableFuture<Channel> connection(String key, String host, int port) {
        Channel channel = channels.get(key);
        if (channel != null && channel.isActive()) {
            return CompletableFuture.completedFuture(channel);
        }
        return run.transport().connect(loop, host, port).thenApply(connected -> {
            channels.put(key, connected);
            return connected;
        });
    }

    private FullHttpRequest request(CompiledStep step, RequestTarget target) {
        String rendered = step.body().render(this);
        ByteBuf content = rendered.isEmpty() ? Unpooled.EMPTY_BUFFER
                : Unpooled.wrappedBuffer(rendered.getBytes(StandardCharsets.UTF_8));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, step.method(),
                target.pathAndQuery(), content);
        request.headers().set(HttpHeaderNames.HOST, target.hostHeader());
        step.headers().forEach((name, value) -> request.headers().set(name, value.render(this)));
        if (content.isReadable() || step.method() != HttpMethod.GET) {
            request.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        }
        if (run.scenario().cookies() && !cookies.isEmpty()) {
            StringBuilder cookie = new StringBuilder();
            cookies.forEach((name, value) -> cookie.append(cookie.length() == 0 ? "" : "; ").append(name).append('=')
                    .append(value));
            request.headers().set(HttpHeaderNames.COOKIE, cookie.toString());
        }
        return request;
    }

    private void complete(CompiledStep step, long intendedNanos, HttpResult response, String failureStatus,
            long sent) {
        if (run.aborted()) {
            finish();
            return;
        }
        long now = System.nanoTime();
        String status = failureStatus != null ? failureStatus : StatusNames.of(response.status());
        String failedAssertion = null;
        long received = 0;
        if (response != null) {
            received = response.bytesReceived();
            if (run.scenario().cookies()) {
                remember(response.setCookies());
            }
            extract(step, response.body());
            failedAssertion = check(step, response);
        }
        boolean error = failureStatus != null || failedAssertion != null
                || (response != null && response.status() >= 400);
        step.recorder().record((now - intendedNanos) / 1000, status, error,
                failedAssertion, received, sent);
        if (step.transaction() != null) {
            transactionFailed |= error;
            transactionBytes += received;
            if (step.closesTransaction()) {
                step.transactionRecorder().record((now - transactionStartNanos) / 1000,
                        transactionFailed ? "failed" : "ok", transactionFailed, null, transactionBytes, 0);
            }
        }
        index++;
        nextStep(failureStatus != null ? CONNECT_ERROR_BACKOFF_MILLIS : 0);
    }

    private void remember(List<String> setCookies) {
        for (String header : setCookies) {
            int end = header.indexOf(';');
            String pair = end < 0 ? header : header.substring(0, end);
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }

    private void extract(CompiledStep step, String body) {
        List<Extractor> extractors = step.step().extractors();
        JsonNode json = null;
        for (int i = 0; i < extractors.size(); i++) {
            Extractor extractor = extractors.get(i);
            if (extractor.kind() == Extractor.Kind.REGEX) {
                extractRegex(extractor, step.extractorPatterns().get(i).matcher(body == null ? "" : body));
            } else {
                json = json != null ? json : parse(body);
                JsonNode value = JsonPaths.select(json, step.extractorPaths().get(i));
                variables.put(extractor.variable(), value.isMissingNode() || value.isNull() ? extractor.defaultValue()
                        : value.isValueNode() ? value.asString() : value.toString());
            }
        }
    }

    private void extractRegex(Extractor extractor, Matcher matcher) {
        List<String> matches = new ArrayList<>();
        while (matcher.find()) {
            matches.add(matcher.group(Math.min(extractor.group(), matcher.groupCount())));
        }
        int wanted = extractor.matchNumber();
        if (wanted < 0) {
            variables.put(extractor.variable() + "_matchNr", Integer.toString(matches.size()));
            for (int i = 0; i < matches.size(); i++) {
                variables.put(extractor.variable() + "_" + (i + 1), matches.get(i));
            }
            return;
        }
        String value = matches.isEmpty() ? extractor.defaultValue()
                : wanted == 0 ? matches.get(ThreadLocalRandom.current().nextInt(matches.size()))
                : wanted <= matches.size() ? matches.get(wanted - 1) : extractor.defaultValue();
        variables.put(extractor.variable(), value);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }

    /** The name of the first failing assertion, or null. */
    private String check(CompiledStep step, HttpResult response) {
        List<Assertion> assertions = step.step().assertions();
        JsonNode json = null;
        String body = response.body() == null ? "" : response.body();
        for (int i = 0; i < assertions.size(); i++) {
            Assertion assertion = assertions.get(i);
            boolean holds = switch (assertion.kind()) {
                case STATUS -> List.of(assertion.value().split("\\s*,\\s*"))
                        .contains(Integer.toString(response.status()));
                case CONTAINS -> body.contains(assertion.value());
                case REGEX -> step.assertionPatterns().get(i).matcher(body).find();
                case JSON -> {
                    json = json != null ? json : parse(body);
                    JsonNode value = JsonPaths.select(json, step.assertionPaths().get(i));
                    String actual = value.isValueNode() ? value.asString() : value.toString();
                    yield !value.isMissingNode() && (assertion.expected() == null
                            || (assertion.expectedIsRegex() ? step.assertionPatterns().get(i).matcher(actual).matches()
                            : assertion.expected().equals(actual)));
                }
            };
            if (holds == assertion.negate()) {
                return assertion.name();
            }
        }
        return null;
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        channels.values().forEach(Channel::close);
        channels.clear();
        run.userFinished();
    }

    /** Closes this user's connections from its own loop, so an abort cuts requests in flight. */
    void abort() {
        loop.execute(this::finish);
    }
}
