package io.lightcloud.image.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.BodyTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DataCopyTest {
    private static final ExecutorService HASHERS = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stopHashers() {
        HASHERS.shutdownNow();
    }

    @Test
    void copiesAndHashesAcrossChunkBoundaries() throws Exception {
        byte[] data = new byte[DataCopy.CHUNK * 2 + 12345];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataCopy.Result result = DataCopy.copy(new ByteArrayInputStream(data), out, data.length, Duration.ofHours(1),
                bytes -> { }, HASHERS);
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(result.size()).isEqualTo(data.length);
        assertThat(result.md5()).isEqualTo(hex("MD5", data));
        assertThat(result.sha512()).isEqualTo(hex("SHA-512", data));
    }

    @Test
    void stopsAtTheSizeLimitWithoutReadingFurther() {
        CountingInput in = new CountingInput(new byte[10 * DataCopy.CHUNK]);
        assertThatThrownBy(() -> DataCopy.copy(in, OutputStream.nullOutputStream(), DataCopy.CHUNK + 1,
                Duration.ofHours(1), bytes -> { }, HASHERS))
                .isInstanceOf(BodyTooLargeException.class);
        assertThat(in.read).as("the copy stops within a chunk of the limit").isLessThanOrEqualTo(2L * DataCopy.CHUNK);
    }

    @Test
    void aBrokenClientStreamIsAnInterruptedUpload() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset");
            }
        };
        assertThatThrownBy(() -> DataCopy.copy(broken, OutputStream.nullOutputStream(), 100, Duration.ofHours(1),
                bytes -> { }, HASHERS))
                .isInstanceOf(UploadInterruptedException.class).hasMessageContaining("Connection reset");
    }

    @Test
    void reportsProgressAndStopsWhenTheReportFails() {
        List<Long> reports = new ArrayList<>();
        DataCopy.Progress progress = bytes -> {
            reports.add(bytes);
            throw new IllegalStateException("image deleted");
        };
        assertThatThrownBy(() -> DataCopy.copy(new ByteArrayInputStream(new byte[3 * DataCopy.CHUNK]),
                OutputStream.nullOutputStream(), Long.MAX_VALUE, Duration.ZERO, progress, HASHERS))
                .hasMessage("image deleted");
        assertThat(reports).containsExactly((long) DataCopy.CHUNK);
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    private static final class CountingInput extends ByteArrayInputStream {
        long read;

        CountingInput(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) {
            int n = super.read(buffer, offset, length);
            read += Math.max(0, n);
            return n;
        }
    }
}
