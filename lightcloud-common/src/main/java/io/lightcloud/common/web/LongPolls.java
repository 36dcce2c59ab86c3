package io.lightcloud.common.web;

/**
 * Holds clients' long-polls open (agents waiting for their desired state). A graceful stop waits for the requests in
 * flight, so it must not wait for these: {@link #drain()} answers every open poll at once, with what the poll would
 * have answered at its end, and every later poll without waiting.
 */
public interface LongPolls {
    void drain();
}
