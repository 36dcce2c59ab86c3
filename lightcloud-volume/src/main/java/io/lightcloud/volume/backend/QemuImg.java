package io.lightcloud.volume.backend;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code qemu-img}. Source formats are always given explicitly ({@code -f}), never probed, because probing a
 * raw image whose guest wrote a qcow2 header would let that guest read host files through a backing file.
 */
public class QemuImg {
    private static final Logger log = LoggerFactory.getLogger(QemuImg.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Glance disk formats and the QEMU block driver that reads each. */
    private static final Map<String, String> QEMU_FORMATS = Map.of(
            "raw", "raw",
            "iso", "raw",
            "qcow2", "qcow2",
            "vmdk", "vmdk",
            "vdi", "vdi",
            "vhd", "vpc",
            "vhdx", "vhdx");

    private final String executable;
    private final Duration timeout;

    public QemuImg(String executable, Duration timeout) {
        this.executable = requireNonNull(executable, "executable is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The QEMU format for a Glance disk format, or null when QEMU cannot read that format. */
    public static String qemuFormat(String diskFormat) {
        return diskFormat == null ? null : QEMU_FORMATS.get(diskFormat.toLowerCase(Locale.ROOT));
    }

    /** What {@code qemu-img info} says about an image. */
    public record Info(String format, long virtualSize, String backingFile, String dataFile) {
    }

    public void create(Path file, long bytes) {
        run("create", "-q", "-f", "qcow2", file.toString(), Long.toString(bytes));
    }

    /**
     * Converts {@code source} to a new file. {@code forceShare} reads an image another process (a running guest)
     * holds open for writing; QEMU's image locking refuses that otherwise.
     */
    public void convert(Path source, String sourceFormat, Path target, String targetFormat, boolean forceShare) {
        List<String> args = new ArrayList<>(List.of("convert", "-q"));
        if (forceShare) {
            args.add("-U");
        }
        args.addAll(List.of("-f", sourceFormat, "-O", targetFormat, source.toString(), target.toString()));
        run(args.toArray(String[]::new));
    }

    /**
     * Copies {@code source} into an existing, freshly created (all-zero) qcow2 {@code target} that may be larger than
     * the source. Writing into a target made at its final size spares the resize afterwards, whose close would
     * flush the whole copy to disk, which a plain convert (cache mode {@code unsafe}) does not do either.
     */
    public void convertInto(Path source, String sourceFormat, Path target) {
        run("convert", "-q", "-n", "--target-is-zero", "-f", sourceFormat, "-O", "qcow2", source.toString(),
                target.toString());
    }

    /** Grows a qcow2 image to {@code bytes}; never shrinks. */
    public void resize(Path file, long bytes) {
        run("resize", "-q", "-f", "qcow2", file.toString(), Long.toString(bytes));
    }

    public Info info(Path file, String format, boolean forceShare) {
        List<String> args = new ArrayList<>(List.of("info", "--output=json", "-f", format));
        if (forceShare) {
            args.add("-U");
        }
        args.add(file.toString());
        JsonNode info = JSON.readTree(run(args.toArray(String[]::new)));
        JsonNode backing = info.get("full-backing-filename");
        if (backing == null) {
            backing = info.get("backing-filename");
        }
        JsonNode dataFile = info.at("/format-specific/data/data-file");
        return new Info(info.path("format").stringValue(), info.path("virtual-size").longValue(),
                backing == null || backing.isNull() ? null : backing.stringValue(),
                dataFile.isMissingNode() || dataFile.isNull() ? null : dataFile.stringValue());
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(List.of(args));
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new BackendException("Cannot run " + executable + ": " + e.getMessage(), e);
        }
        OutputReader output = new OutputReader(process.getInputStream());
        output.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BackendException("qemu-img " + args[0] + " did not finish within " + timeout);
            }
            output.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BackendException("Interrupted while running qemu-img " + args[0], e);
        }
        String text = output.text();
        log.debug("qemu-img {} exit={} duration_ms={}", args[0], process.exitValue(),
                (System.nanoTime() - started) / 1_000_000);
        if (process.exitValue() != 0) {
            throw new BackendException("qemu-img " + args[0] + " failed (exit " + process.exitValue() + "): "
                    + text.strip());
        }
        return text;
    }

    /** Drains the process output on its own thread so a chatty process never blocks on a full pipe. */
    private static final class OutputReader extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        OutputReader(InputStream in) {
            super("qemu-img-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
