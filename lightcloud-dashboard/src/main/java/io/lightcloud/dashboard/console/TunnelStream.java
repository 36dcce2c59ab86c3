package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * A VNC byte stream carried by an agent's tunnel WebSocket. What the agent sends queues up for {@link #input()} (a
 * bounded queue, so a slow browser slows the agent down instead of filling the heap); {@link #output()} sends each
 * write as one binary message.
 */
final class TunnelStream implements VncConnector.VncStream {
    private static final int QUEUED_CHUNKS = 256;
    private static final long WAIT_MILLIS = 200;

    private final WebSocketSession session;
    private final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final InputStream input = new Input();
    private final OutputStream output = new Output();
    private volatile boolean ended;

    TunnelStream(WebSocketSession session) {
        this.session = requireNonNull(session, "session");
    }

    void received(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        try {
            while (!ended && !received.offer(bytes, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                // The reader is behind; waiting here holds back the agent's next frame.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** No more bytes will come; the reader gets what is queued, then the end of the stream. */
    void ended() {
        ended = true;
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            ended();
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void close() throws IOException {
        try {
            session.close(CloseStatus.NORMAL);
        } finally {
            ended();
        }
    }

    private final class Input extends InputStream {
        private byte[] current = new byte[0];
        private int position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                byte[] next;
                try {
                    next = received.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the console tunnel");
                }
                if (next != null) {
                    current = next;
                    position = 0;
                } else if (ended && received.isEmpty()) {
                    return -1;
                }
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, count);
            position += count;
            return count;
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            byte[] copy = new byte[length];
            System.arraycopy(bytes, offset, copy, 0, length);
            synchronized (session) {
                session.sendMessage(new BinaryMessage(ByteBuffer.wrap(copy)));
            }
        }
    }
}
