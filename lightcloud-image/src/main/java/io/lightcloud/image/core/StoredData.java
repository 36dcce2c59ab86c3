package io.lightcloud.image.core;

import static java.util.Objects.requireNonNull;

/**
 * What the service learnt from an image's data while storing it.
 *
 * @param checksum the MD5 hex digest, which clients compare with what they downloaded
 * @param hashAlgo the secure hash's algorithm, always {@code sha512}
 */
public record StoredData(long size, long virtualSize, String checksum, String hashAlgo, String hashValue) {
    public static final String HASH_ALGO = "sha512";

    public StoredData {
        requireNonNull(checksum, "checksum is null");
        requireNonNull(hashAlgo, "hashAlgo is null");
        requireNonNull(hashValue, "hashValue is null");
    }
}
