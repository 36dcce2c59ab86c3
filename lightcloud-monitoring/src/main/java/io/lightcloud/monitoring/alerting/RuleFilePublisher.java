package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.monitoring.MonitoringSettings;
import io.lightcloud.monitoring.stack.MonitoringStack;
import io.lightcloud.monitoring.stack.PrometheusClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a project's rule file in place the safe way: written beside the live file, checked with {@code promtool check
 * rules}, then moved over it atomically and Prometheus reloaded. A file promtool rejects is deleted and the live one
 * stays, so a bad rule never breaks the running rule set. One file per project: one project's file cannot break
 * another's.
 */
public class RuleFilePublisher {
    private static final Logger log = LoggerFactory.getLogger(RuleFilePublisher.class);
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final MonitoringSettings settings;
    private final MonitoringStack stack;
    private final PrometheusClient prometheus;

    public RuleFilePublisher(MonitoringSettings settings, MonitoringStack stack, PrometheusClient prometheus) {
        this.settings = requireNonNull(settings, "settings is null");
        this.stack = requireNonNull(stack, "stack is null");
        this.prometheus = requireNonNull(prometheus, "prometheus is null");
    }

    /**
     * Replaces the project's live rule file when {@code content} differs, after promtool accepted it; reloads
     * Prometheus when this controller runs it. Returns whether the file changed.
     */
    public synchronized boolean publish(String projectId, String content) {
        Path live = settings.rulesDir().resolve(fileName(projectId));
        try {
            if (Files.exists(live) && Files.readString(live, StandardCharsets.UTF_8).equals(content)) {
                return false;
            }
            Path candidate = candidate(projectId);
            write(candidate, content);
            try {
                promtool(candidate);
            } catch (RuntimeException e) {
                deleteQuietly(candidate);
                throw e;
            }
            Files.move(candidate, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the rule file of project " + projectId, e);
        }
        boolean reloaded = stack.prometheus().isPresent() && prometheus.reload();
        log.info("alert rules published project={} file={} reloaded={}", projectId, live, reloaded);
        return true;
    }

    private void promtool(Path file) {
        try {
            Process process = new ProcessBuilder(settings.promtoolBinary(), "check", "rules", file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ApiException(503, "promtool did not finish checking the rules in 30 s.");
            }
            if (process.exitValue() != 0) {
                throw ApiException.badRequest("The rule was rejected by promtool: " + lastLines(output));
            }
        } catch (IOException e) {
            throw new ApiException(503, "promtool (" + settings.promtoolBinary() + ") could not be run to check the "
                    + "rules: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Interrupted while checking the rules.");
        }
    }

    private Path candidate(String projectId) {
        return settings.rulesDir().resolve("." + projectId + ".candidate");
    }

    private static String fileName(String projectId) {
        if (!PROJECT.matcher(projectId).matches()) {
            throw new IllegalArgumentException("not a project id: " + projectId);
        }
        return "project-" + projectId + ".yml";
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("candidate rule file not removed file={} error=\"{}\"", file, e.getMessage());
        }
    }

    private static String lastLines(String output) {
        List<String> lines = output.strip().lines().toList();
        return String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
