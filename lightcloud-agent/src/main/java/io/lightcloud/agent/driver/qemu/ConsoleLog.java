package io.lightcloud.agent.driver.qemu;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/** The guest's serial console output, which QEMU appends to {@code console.log} in the instance directory. */
final class ConsoleLog {
    private static final long ROTATE_BYTES = 4L * 1024 * 1024;

    private ConsoleLog() {
    }

    /** The last {@code maxBytes} bytes of the log, starting at a line boundary; empty if there is no log yet. */
    static String tail(InstanceLayout layout, int maxBytes) {
        try (RandomAccessFile file = new RandomAccessFile(layout.consoleLog().toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - maxBytes);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (from > 0) {
                int newline = text.indexOf('\n');
                text = newline >= 0 ? text.substring(newline + 1) : "";
            }
            return text;
        } catch (FileNotFoundException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console log of " + layout.instanceId(), e);
        }
    }

    /** Keeps the console log from growing without bound: at a start, a large log becomes the previous log. */
    static void rotate(InstanceLayout layout) throws IOException {
        if (Files.isRegularFile(layout.consoleLog()) && Files.size(layout.consoleLog()) > ROTATE_BYTES) {
            Files.move(layout.consoleLog(), layout.previousConsoleLog(), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
