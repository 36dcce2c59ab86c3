package io.lightcloud.monitoring.channel;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps each robot under its limit (DingTalk: 20 messages a minute) by waiting for a free slot instead of sending
 * into a throttle answer: a sliding window of the last sends per robot URL.
 */
public final class RobotRateLimiter {
    private final int perWindow;
    private final Duration window;
    private final Map<String, Deque<Long>> sends = new HashMap<>();

    public RobotRateLimiter(int perWindow, Duration window) {
        this.perWindow = perWindow;
        this.window = window;
    }

    /** Waits until the robot may send, then counts the send; returns how long it waited. */
    public Duration acquire(String robot) throws InterruptedException {
        long started = System.nanoTime();
        while (true) {
            long wait;
            synchronized (sends) {
                Deque<Long> recent = sends.computeIfAbsent(robot, r -> new ArrayDeque<>());
                long now = System.nanoTime();
                while (!recent.isEmpty() && now - recent.peekFirst() >= window.toNanos()) {
                    recent.pollFirst();
                }
                if (recent.size() < perWindow) {
                    recent.addLast(now);
                    return Duration.ofNanos(now - started);
                }
                wait = window.toNanos() - (now - recent.peekFirst());
            }
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
    }
}
