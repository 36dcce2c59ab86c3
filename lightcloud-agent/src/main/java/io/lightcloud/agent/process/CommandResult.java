package io.lightcloud.agent.process;

import java.time.Duration;
import java.util.List;

/** What a finished external command returned. Output is decoded as UTF-8. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {
    public CommandResult {
        command = List.copyOf(command);
    }
}
