package io.lightcloud.image.inspect;

/** Uploaded data that must not become an image; the message says why, for the client and the record. */
public class ImageRejectedException extends Exception {
    public ImageRejectedException(String reason) {
        super(reason);
    }
}
