package io.lightcloud.image.data;

import io.lightcloud.common.api.BodyTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Copies image data in bounded chunks, never holding more than one chunk, while computing the MD5 checksum and
 * SHA-512 hash clients verify, counting the bytes against the size limit, and reporting progress at intervals so
 * that a long upload proves it is alive.
 */
final class DataCopy {
    static final int CHUNK = 1 << 20;

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
     * @throws BodyTooLargeException when more than {@code limit} bytes arrive
     * @throws UploadInterruptedException when reading {@code in} fails
     * @throws IOException when writing {@code out} fails
     */
    static Result copy(InputStream in, OutputStream out, long limit, Duration interval, Progress progress)
            throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha512 = digest("SHA-512");
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        long nextReport = System.nanoTime() + interval.toNanos();
        while (true) {
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
            md5.update(buffer, 0, n);
            sha512.update(buffer, 0, n);
            out.write(buffer, 0, n);
            if (System.nanoTime() - nextReport > 0) {
                progress.alive(total);
                nextReport = System.nanoTime() + interval.toNanos();
            }
        }
        out.flush();
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
