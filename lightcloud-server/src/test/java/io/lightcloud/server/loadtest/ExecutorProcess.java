package io.lightcloud.server.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real executor: {@code LoadgenMain} in its own JVM on the test's class path, logging into a file under /tmp. */
final class ExecutorProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    ExecutorProcess(String controllerUrl, String credential, int capacityUsers, double capacityRate)
            throws IOException {
        Path dir = Files.createTempDirectory("lightcloud-loadgen-");
        Path credentialFile = dir.resolve("credential");
        Files.writeString(credentialFile, credential);
        log = dir.resolve("loadgen.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.lightcloud.loadgen.LoadgenMain", "--controller", controllerUrl, "--credential-file",
                credentialFile.toString(), "--capacity-users", Integer.toString(capacityUsers), "--capacity-rate",
                Double.toString(capacityRate), "--threads", "1"));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    void kill() {
        process.destroyForcibly();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
