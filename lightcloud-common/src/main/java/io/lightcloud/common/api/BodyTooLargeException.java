package io.lightcloud.common.api;

import java.io.IOException;

/** Thrown from a request body stream that grows past its limit, so that the server answers 413. */
public class BodyTooLargeException extends IOException {
    public BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes.");
    }
}
