package io.lightcloud.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void capturesOutputOfASuccessfulCommand() {
        CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2"), Duration.ofSeconds(10));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void feedsStandardInput() {
        String big = "x".repeat(200_000) + "\n";
        CommandResult result = runner.run(List.of("wc", "-c"), big, Duration.ofSeconds(10));
        assertThat(result.stdout().strip()).isEqualTo(String.valueOf(big.length()));
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "cat >/dev/null; exit 4"), "in",
                Duration.ofSeconds(10))).isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(4));
    }

    @Test
    void failureCarriesStatusAndStderr() {
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "echo 'disk is on fire' >&2; exit 3"),
                Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.stderr()).isEqualTo("disk is on fire\n");
                })
                .hasMessage("sh exited with status 3: disk is on fire");
        assertThat(runner.runAllowingFailure(List.of("sh", "-c", "exit 4"), Duration.ofSeconds(10)).exitCode())
                .isEqualTo(4);
    }

    @Test
    void timeoutKillsTheCommandAndItsChildren() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "sleep 30 & sleep 30"), Duration.ofMillis(300)))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("timed out after 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        String ps = runner.run(List.of("ps", "-eo", "args"), Duration.ofSeconds(10)).stdout();
        assertThat(ps.lines()).noneMatch(line -> line.equals("sleep 30"));
    }

    @Test
    void missingProgram() {
        assertThatThrownBy(() -> runner.run(List.of("/nonexistent/program"), Duration.ofSeconds(5)))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("could not be started");
    }
}
