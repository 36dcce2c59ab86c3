package io.lightcloud.image.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes a staged file and hands what it wrote to the disk in the background, a stretch at a time. The kernel would
 * otherwise keep gigabytes of an upload dirty in memory (below its writeback thresholds) until the commit's fsync,
 * which would then wait for all of it after the last byte arrived; this way the disk works while the data arrives
 * and the commit waits for the last stretch only.
 */
final class StagedOutput extends OutputStream {
    static final long STRETCH = 64L << 20;

    private final FileChannel channel;
    private final long stretch;
    private long unflushed;
    private CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);

    /** @param stretch how many bytes are written between the starts of two background flushes */
    StagedOutput(FileChannel channel, long stretch) {
        this.channel = requireNonNull(channel, "channel is null");
        this.stretch = stretch;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        unflushed += length;
        if (unflushed >= stretch && flushing.isDone()) {
            awaitFlush();
            unflushed = 0;
            flushing = CompletableFuture.runAsync(this::flushData, task -> {
                Thread flusher = new Thread(task, "image-writeback");
                flusher.setDaemon(true);
                flusher.start();
            });
        }
    }

    /**
     * Waits for the background flush, if one runs. A failed flush fails the upload: Linux reports a writeback error
     * to one fsync only, so the commit's own fsync could succeed over data that never reached the disk.
     */
    void awaitFlush() throws IOException {
        try {
            flushing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException failed) {
                throw failed.getCause();
            }
            throw new IOException("writing the staged image data to disk failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the staged image data was written to disk");
        }
    }

    private void flushData() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
