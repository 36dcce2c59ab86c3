package io.lightcloud.agent.process;

import java.util.List;

/**
 * An external command that could not be started, timed out or exited with a non-zero status. The message carries the
 * program, the exit status and the tail of its standard error, which is what an operator needs to see.
 */
public class CommandException extends RuntimeException {
    private static final int MESSAGE_STDERR_CHARS = 2000;

    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    public CommandException(List<String> command, int exitCode, String stderr, String problem, Throwable cause) {
        super(message(command, problem, stderr), cause);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    /** The exit status, or -1 when the command did not exit by itself. */
    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }

    public List<String> command() {
        return command;
    }

    private static String message(List<String> command, String problem, String stderr) {
        String program = command.isEmpty() ? "?" : command.get(0);
        String tail = stderr.strip();
        if (tail.length() > MESSAGE_STDERR_CHARS) {
            tail = "..." + tail.substring(tail.length() - MESSAGE_STDERR_CHARS);
        }
        return tail.isEmpty() ? program + " " + problem : program + " " + problem + ": " + tail;
    }
}
