package io.lightcloud.server.compute;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal RFB 3.8 client (security None, Raw encoding, 32-bit true colour) that measures how long a key press
 * takes to show in the framebuffer: it types a letter on the guest's shell (VGA text mode, 9x16 cells) and waits for
 * the update that draws its glyph, that is, that changes pixels above the bottom scanlines of a cell, where the
 * blinking underline cursor is; then erases it with BackSpace, unmeasured. (Enter does not do: on a screen full of
 * identical prompts a new prompt line leaves the framebuffer unchanged.)
 */
final class RfbLatencyProbe implements AutoCloseable {
    private static final int KEY_X = 0x78;
    private static final int KEY_BACKSPACE = 0xff08;
    private static final int CELL_HEIGHT = 16;
    private static final int CURSOR_SCANLINES = 3;
    private static final int GLYPH_PIXELS = 6;

    private final DataInputStream in;
    private final DataOutputStream out;
    private final AutoCloseable connection;
    private int width;
    private int height;
    private int[] frame;

    RfbLatencyProbe(InputStream in, OutputStream out, AutoCloseable connection) throws IOException {
        this.in = new DataInputStream(in);
        this.out = new DataOutputStream(out);
        this.connection = connection;
        handshake();
    }

    private void handshake() throws IOException {
        byte[] version = in.readNBytes(12);
        if (!new String(version, StandardCharsets.US_ASCII).startsWith("RFB ")) {
            throw new IOException("not an RFB server: " + Arrays.toString(version));
        }
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] types = in.readNBytes(in.readUnsignedByte());
        if (types.length == 0 || !contains(types, (byte) 1)) {
            throw new IOException("the VNC server offers no security type None");
        }
        out.writeByte(1);
        out.flush();
        if (in.readInt() != 0) {
            throw new IOException("security handshake failed");
        }
        out.writeByte(1); // shared
        out.flush();
        width = in.readUnsignedShort();
        height = in.readUnsignedShort();
        in.readNBytes(16); // the server's pixel format; ours follows
        in.readNBytes(in.readInt()); // desktop name
        frame = new int[width * height];
        // SetPixelFormat: 32 bpp, depth 24, little endian, true colour, 8 bits per channel.
        out.writeByte(0);
        out.write(new byte[3]);
        out.write(new byte[] {32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
        // SetEncodings: Raw only.
        out.writeByte(2);
        out.writeByte(0);
        out.writeShort(1);
        out.writeInt(0);
        request(false);
        readUpdate();
    }

    /** Milliseconds from each of {@code samples} Enter presses to the update that shows its effect. */
    List<Double> measure(int samples, Duration settle) throws IOException {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            settle(settle);
            int[] before = frame.clone();
            long start = System.nanoTime();
            key(KEY_X, true);
            key(KEY_X, false);
            request(true);
            while (true) {
                readUpdate();
                if (changedGlyphPixels(before) >= GLYPH_PIXELS) {
                    latencies.add((System.nanoTime() - start) / 1e6);
                    break;
                }
                request(true);
            }
            key(KEY_BACKSPACE, true);
            key(KEY_BACKSPACE, false);
        }
        return latencies;
    }

    /** Applies updates until none arrived for a while, so the next press starts from a quiet screen. */
    private void settle(Duration quiet) throws IOException {
        long end = System.nanoTime() + quiet.toNanos();
        request(true);
        boolean pending = true;
        while (System.nanoTime() < end) {
            if (in.available() > 0) {
                readUpdate();
                pending = false;
            } else if (!pending) {
                request(true);
                pending = true;
            } else {
                sleep(5);
            }
        }
        // The request still pending is answered by the next update, which measure() waits for.
    }

    private void key(int keysym, boolean down) throws IOException {
        out.writeByte(4);
        out.writeByte(down ? 1 : 0);
        out.writeShort(0);
        out.writeInt(keysym);
    }

    private void request(boolean incremental) throws IOException {
        out.writeByte(3);
        out.writeByte(incremental ? 1 : 0);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(width);
        out.writeShort(height);
        out.flush();
    }

    /** Reads server messages up to and including one FramebufferUpdate, applying its rectangles. */
    private void readUpdate() throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            switch (type) {
                case 0 -> {
                    in.readUnsignedByte();
                    int rects = in.readUnsignedShort();
                    for (int r = 0; r < rects; r++) {
                        rectangle();
                    }
                    return;
                }
                case 1 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                    in.readNBytes(6 * in.readUnsignedShort());
                }
                case 2 -> {
                    // bell
                }
                case 3 -> {
                    in.readNBytes(3);
                    in.readNBytes(in.readInt());
                }
                default -> throw new IOException("unexpected RFB server message " + type);
            }
        }
    }

    private void rectangle() throws IOException {
        int x = in.readUnsignedShort();
        int y = in.readUnsignedShort();
        int w = in.readUnsignedShort();
        int h = in.readUnsignedShort();
        int encoding = in.readInt();
        if (encoding == -223) { // DesktopSize
            width = w;
            height = h;
            frame = new int[w * h];
            return;
        }
        if (encoding != 0) {
            throw new IOException("unexpected encoding " + encoding);
        }
        byte[] pixels = in.readNBytes(w * h * 4);
        ByteBuffer buffer = ByteBuffer.wrap(pixels).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int value = buffer.getInt();
                if (y + row < height && x + col < width) {
                    frame[(y + row) * width + x + col] = value & 0xffffff;
                }
            }
        }
    }

    private int changedGlyphPixels(int[] before) {
        int changed = 0;
        for (int i = 0; i < frame.length && i < before.length; i++) {
            if (frame[i] != before[i] && (i / width) % CELL_HEIGHT < CELL_HEIGHT - CURSOR_SCANLINES) {
                changed++;
            }
        }
        return changed;
    }

    private static boolean contains(byte[] values, byte value) {
        for (byte b : values) {
            if (b == value) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
