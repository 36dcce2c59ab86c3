package io.lightcloud.image.data;

import io.lightcloud.common.api.BodyTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Copies image data in bounded chunks, never holding more than a few, while computing the MD5 checksum and
 * SHA-512 hash clients verify, counting the bytes against the size limit, and reporting progress at intervals so
 * that a long upload proves it is alive.
 */
final class DataCopy {
    static final int CHUNK = 1 << 20;
    /** Chunks in flight per copy: one being read and written while the hashes catch up on the others. */
    private static final int SLOTS = 4;

    /** What was copied. */
    record Result(long size, String md5, String sha512) {
    }

    /** Called at intervals during a copy; may end it by throwing. */
    interface Progress {
        void alive(long bytesSoFar);
    }

    private DataCopy() {
    }

    /**
     * @param hashers runs the MD5 and SHA-512 updates, each digest's in order, while the next chunks are read and
     *        written: the two hashes are what limits an upload, and on two cores they run side by side
     * @throws BodyTooLargeException when more than {@code limit} bytes arrive
     * @throws UploadInterruptedException when reading {@code in} fails
     * @throws IOException when writing {@code out} fails
     */
    static Result copy(InputStream in, OutputStream out, long limit, Duration interval, Progress progress,
            Executor hashers) throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha512 = digest("SHA-512");
        byte[][] buffers = new byte[SLOTS][CHUNK];
        CompletableFuture<?>[] hashed = new CompletableFuture<?>[SLOTS];
        CompletableFuture<Void> md5Done = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> sha512Done = CompletableFuture.completedFuture(null);
        long total = 0;
        long nextReport = System.nanoTime() + interval.toNanos();
        for (int slot = 0; ; slot = (slot + 1) % SLOTS) {
            if (hashed[slot] != null) {
                hashed[slot].join();
            }
            byte[] buffer = buffers[slot];
            int n;
            try {
                n = in.readNBytes(buffer, 0, buffer.length);
            } catch (BodyTooLargeException e) {
                throw e;
            } catch (IOException e) {
                throw new UploadInterruptedException(e);
            }
            if (n == 0) {
                break;
            }
            total += n;
            if (total > limit) {
                throw new BodyTooLargeException(limit);
            }
            md5Done = md5Done.thenRunAsync(() -> md5.update(buffer, 0, n), hashers);
            sha512Done = sha512Done.thenRunAsync(() -> sha512.update(buffer, 0, n), hashers);
            hashed[slot] = CompletableFuture.allOf(md5Done, sha512Done);
            out.write(buffer, 0, n);
            if (System.nanoTime() - nextReport > 0) {
                progress.alive(total);
                nextReport = System.nanoTime() + interval.toNanos();
            }
        }
        out.flush();
        CompletableFuture.allOf(md5Done, sha512Done).join();
        return new Result(total, HexFormat.of().formatHex(md5.digest()), HexFormat.of().formatHex(sha512.digest()));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
