import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ceiling for an image upload in this JVM: MD5 and SHA-512 of a file, each on its own thread as the server
 * computes them, with 1 MiB reads from the page cache and nothing else (no socket, no disk write). Usage:
 * java HashRate.java FILE. Prints one line: "md5=812 sha512=1004 both=790" in MB/s, where md5 and sha512 are
 * each digest alone on one thread and both is the two side by side (each reading the file itself).
 */
public class HashRate {
    private static final int CHUNK = 1 << 20;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long size = Files.size(file);
        // An untimed pass first, so the timed ones run JIT-compiled code with the digest intrinsics, as a warm server.
        hash(file, "MD5");
        hash(file, "SHA-512");
        long md5 = timed(() -> hash(file, "MD5"));
        long sha512 = timed(() -> hash(file, "SHA-512"));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        long both = timed(() -> {
            Future<?> a = threads.submit(() -> hash(file, "MD5"));
            Future<?> b = threads.submit(() -> hash(file, "SHA-512"));
            a.get();
            b.get();
            return null;
        });
        threads.shutdown();
        System.out.printf("md5=%d sha512=%d both=%d%n", mbps(size, md5), mbps(size, sha512), mbps(size, both));
    }

    private static Void hash(Path file, String algorithm) throws Exception {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        digest.digest();
        return null;
    }

    private interface Run {
        Object run() throws Exception;
    }

    private static long timed(Run run) throws Exception {
        long start = System.nanoTime();
        run.run();
        return System.nanoTime() - start;
    }

    private static long mbps(long bytes, long nanos) {
        return Math.round(bytes / 1e6 / (nanos / 1e9));
    }
}
