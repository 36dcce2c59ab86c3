package io.lightcloud.image.inspect;

import static java.util.Objects.requireNonNull;

import io.lightcloud.image.core.DiskFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Decides whether uploaded data may become an image of its declared disk format: the real format, as
 * {@code qemu-img info} probes it, must be the declared one; the image must not refer to other files (backing
 * files, external data files, VMDK extents elsewhere); its virtual size must be within the limit; and an ISO must
 * carry the ISO 9660 signature. qemu-img runs under {@code prlimit} (1 GiB of address space, 30 s of CPU) and a
 * timeout, as Nova and Glance run it, because crafted headers have made it allocate or loop without end.
 */
public class ImageInspector {
    private static final Logger log = LoggerFactory.getLogger(ImageInspector.class);
    private static final long ISO_SIGNATURE_OFFSET = 32769;
    private static final byte[] ISO_SIGNATURE = "CD001".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> SELF_CONTAINED_VMDK = Set.of("monolithicSparse", "streamOptimized");
    private static final Pattern OPENING_A_FILE = Pattern.compile("^Could not open '[^']*': ");
    private static final Pattern QUOTED_PATH = Pattern.compile("'/[^']*'");

    private final String qemuImg;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final boolean limitResources;

    public ImageInspector(String qemuImg, Duration timeout, ObjectMapper mapper) {
        this.qemuImg = requireNonNull(qemuImg, "qemuImg is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.limitResources = onPath("prlimit");
    }

    /** What inspection learnt about data it accepted. */
    public record Inspection(String format, long virtualSize) {
    }

    /**
     * @throws ImageRejectedException when the data must not become an image of {@code declared}
     * @throws IOException when the data could not be read or qemu-img could not be run
     */
    public Inspection inspect(Path file, DiskFormat declared, long maxVirtualSize)
            throws IOException, ImageRejectedException {
        HeaderCheck.check(file);
        JsonNode info = qemuImgInfo(file);
        String detected = info.path("format").asString("");
        if (!detected.equals(declared.qemuFormat())) {
            throw new ImageRejectedException("The data does not match the declared disk_format " + declared.wireName()
                    + ": qemu-img detects " + describe(detected) + ".");
        }
        if (info.hasNonNull("backing-filename") || info.hasNonNull("full-backing-filename")) {
            throw new ImageRejectedException("The " + declared.wireName() + " image has a backing file; images must be "
                    + "self-contained.");
        }
        JsonNode specific = info.path("format-specific").path("data");
        if (specific.hasNonNull("data-file")) {
            throw new ImageRejectedException("The qcow2 image keeps its data in an external data file; images must "
                    + "be self-contained.");
        }
        if (detected.equals("vmdk")) {
            checkVmdk(file, specific);
        }
        long virtualSize = info.path("virtual-size").asLong(-1);
        if (virtualSize < 0) {
            throw new ImageRejectedException("qemu-img could not tell the virtual size of the image.");
        }
        if (virtualSize > maxVirtualSize) {
            throw new ImageRejectedException("The virtual size of the image, " + virtualSize + " bytes, is over the "
                    + "limit of " + maxVirtualSize + " bytes.");
        }
        if (declared == DiskFormat.ISO && !hasIsoSignature(file)) {
            throw new ImageRejectedException("The data is not an ISO 9660 image: the signature CD001 is missing at "
                    + "offset " + ISO_SIGNATURE_OFFSET + ".");
        }
        return new Inspection(detected, virtualSize);
    }

    private static void checkVmdk(Path file, JsonNode specific) throws ImageRejectedException {
        String createType = specific.path("create-type").asString("");
        if (!SELF_CONTAINED_VMDK.contains(createType)) {
            throw new ImageRejectedException("VMDK images of type '" + createType + "' are not accepted; use "
                    + "monolithicSparse or streamOptimized.");
        }
        for (JsonNode extent : specific.path("extents")) {
            String extentFile = extent.path("filename").asString("");
            if (!extentFile.isEmpty() && !Path.of(extentFile).toAbsolutePath().equals(file.toAbsolutePath())) {
                throw new ImageRejectedException("The VMDK image refers to another file (" + extentFile
                        + "); images must be self-contained.");
            }
        }
    }

    private JsonNode qemuImgInfo(Path file) throws IOException, ImageRejectedException {
        List<String> command = new ArrayList<>();
        if (limitResources) {
            command.addAll(List.of("prlimit", "--as=1073741824", "--cpu=30"));
        }
        command.addAll(List.of(qemuImg, "info", "--output=json", file.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> out = readAll(process.getInputStream());
        CompletableFuture<byte[]> err = readAll(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ImageRejectedException("qemu-img did not finish inspecting the image within " + timeout
                        .toSeconds() + " s.");
            }
            String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                log.info("qemu-img rejected an upload file={} exit={} stderr={}", file, process.exitValue(), stderr);
                throw new ImageRejectedException("qemu-img could not read the image: "
                        + (stderr.isEmpty() ? "exit status " + process.exitValue() : withoutPaths(firstLine(stderr))));
            }
            return mapper.readTree(out.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while inspecting " + file, e);
        }
    }

    /**
     * qemu-img names the file it opened ({@code Could not open '/var/lib/...part': reason}); the store's paths stay
     * in the log, the client gets the reason.
     */
    static String withoutPaths(String qemuImgMessage) {
        String message = qemuImgMessage.startsWith("qemu-img: ")
                ? qemuImgMessage.substring("qemu-img: ".length()) : qemuImgMessage;
        message = OPENING_A_FILE.matcher(message).replaceFirst("");
        return QUOTED_PATH.matcher(message).replaceAll("a file");
    }

    /** Drains a pipe on its own thread, so that neither of qemu-img's outputs can fill up and stall it. */
    private static CompletableFuture<byte[]> readAll(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        }, task -> {
            Thread reader = new Thread(task, "qemu-img-output");
            reader.setDaemon(true);
            reader.start();
        });
    }

    private static boolean hasIsoSignature(Path file) throws IOException {
        ByteBuffer signature = ByteBuffer.allocate(ISO_SIGNATURE.length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < ISO_SIGNATURE_OFFSET + ISO_SIGNATURE.length) {
                return false;
            }
            channel.read(signature, ISO_SIGNATURE_OFFSET);
        }
        return signature.position() == ISO_SIGNATURE.length
                && Arrays.equals(signature.array(), ISO_SIGNATURE);
    }

    private static String describe(String qemuFormat) {
        return switch (qemuFormat) {
            case "raw" -> "raw data (no known image format)";
            case "vpc" -> "vhd";
            case "parallels" -> "ploop";
            case "" -> "no format";
            default -> qemuFormat;
        };
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
