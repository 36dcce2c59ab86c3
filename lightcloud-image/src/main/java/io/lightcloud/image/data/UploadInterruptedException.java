package io.lightcloud.image.data;

import java.io.IOException;

/** The client's data stopped arriving: the connection broke or the body ended early. */
public class UploadInterruptedException extends IOException {
    public UploadInterruptedException(IOException cause) {
        super("The upload was interrupted: " + cause.getMessage(), cause);
    }
}
