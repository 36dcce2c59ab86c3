package io.lightcloud.image.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks the first bytes of an upload before {@code qemu-img} opens it. qemu-img follows what a header points at
 * (a qcow2 backing file or external data file, the extents of a VMDK descriptor) when it probes a file, so such
 * references are refused here and no tool ever opens a host file an uploader named.
 */
final class HeaderCheck {
    private static final int QCOW2_MAGIC = 0x514649fb;
    private static final long QCOW2_EXTERNAL_DATA_FILE = 1L << 2;
    private static final byte[] VMDK_DESCRIPTOR = "# Disk DescriptorFile".getBytes(StandardCharsets.US_ASCII);

    private HeaderCheck() {
    }

    static void check(Path file) throws IOException, ImageRejectedException {
        ByteBuffer header = ByteBuffer.allocate(512);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int read;
            do {
                read = channel.read(header);
            } while (read > 0 && header.hasRemaining());
        }
        header.flip();
        if (header.remaining() >= 80 && header.getInt(0) == QCOW2_MAGIC) {
            checkQcow2(header);
        }
        if (startsWith(header, VMDK_DESCRIPTOR)) {
            throw new ImageRejectedException("The data is a VMDK descriptor that refers to separate extent files; "
                    + "upload a self-contained (monolithicSparse or streamOptimized) VMDK instead.");
        }
    }

    private static void checkQcow2(ByteBuffer header) throws ImageRejectedException {
        int version = header.getInt(4);
        long backingFileOffset = header.getLong(8);
        if (backingFileOffset != 0) {
            throw new ImageRejectedException("The qcow2 image has a backing file; images must be self-contained "
                    + "(qemu-img convert -O qcow2 flattens one).");
        }
        if (version >= 3 && header.remaining() >= 80 && (header.getLong(72) & QCOW2_EXTERNAL_DATA_FILE) != 0) {
            throw new ImageRejectedException("The qcow2 image keeps its data in an external data file; images must "
                    + "be self-contained.");
        }
    }

    private static boolean startsWith(ByteBuffer buffer, byte[] prefix) {
        if (buffer.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer.get(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
