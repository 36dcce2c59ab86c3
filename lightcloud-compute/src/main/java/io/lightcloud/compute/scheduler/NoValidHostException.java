package io.lightcloud.compute.scheduler;

/** No host passes the filters, or every candidate's claim failed; Nova's "No valid host was found". */
public class NoValidHostException extends RuntimeException {
    public NoValidHostException(String reason) {
        super("No valid host was found. " + reason);
    }
}
