package io.lightcloud.image.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputTest {
    @TempDir
    Path dir;

    @Test
    void writesEverythingAndFlushesInTheBackgroundAsStretchesFill() throws Exception {
        byte[] data = new byte[10_000];
        new Random(3).nextBytes(data);
        Path file = dir.resolve("staged");
        AtomicInteger forces = new AtomicInteger();
        try (FileChannel channel = new CountingForces(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), forces, false)) {
            StagedOutput output = new StagedOutput(channel, 4096);
            for (int offset = 0; offset < data.length; offset += 1000) {
                output.write(data, offset, 1000);
                output.awaitFlush();
            }
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(forces).as("one flush per full stretch of 4096 bytes").hasValue(2);
    }

    @Test
    void aFailedBackgroundFlushFailsTheWaitForIt() throws Exception {
        Path file = dir.resolve("staged");
        try (FileChannel channel = new CountingForces(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), new AtomicInteger(), true)) {
            StagedOutput output = new StagedOutput(channel, 10);
            output.write(new byte[20], 0, 20);
            assertThatThrownBy(output::awaitFlush).isInstanceOf(IOException.class).hasMessage("EIO");
        }
    }

    /** A file channel that counts fsyncs, or fails them as a disk that lost writes does. */
    private static final class CountingForces extends FileChannel {
        private final FileChannel file;
        private final AtomicInteger forces;
        private final boolean fail;

        CountingForces(FileChannel file, AtomicInteger forces, boolean fail) {
            this.file = file;
            this.forces = forces;
            this.fail = fail;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forces.incrementAndGet();
            if (fail) {
                throw new IOException("EIO");
            }
            file.force(metaData);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return file.write(src);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel position(long newPosition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size() {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }
    }
}
