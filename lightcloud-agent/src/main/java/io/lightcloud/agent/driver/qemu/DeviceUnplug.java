package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot-unplugs a device from a running guest as Nova's libvirt driver detaches one: {@code device_del} only asks the
 * guest to release the device (an ACPI or PCIe eject request), which a busy guest may miss or answer late, so the
 * request is sent again with growing waits until QEMU reports {@code DEVICE_DELETED} or the attempts run out. A
 * device that is gone already counts as unplugged; QEMU's refusal of a request while an earlier one is still
 * pending means keep waiting for that one.
 */
final class DeviceUnplug {
    private static final Logger log = LoggerFactory.getLogger(DeviceUnplug.class);

    private final Retry retry;
    private final Duration monitorTimeout;

    DeviceUnplug(Retry retry, Duration monitorTimeout) {
        this.retry = requireNonNull(retry, "retry");
        this.monitorTimeout = requireNonNull(monitorTimeout, "monitorTimeout");
    }

    /**
     * How often and how long to wait: attempt {@code n} (from 1) waits {@code min(n * step, maxWait)} for the guest.
     * Nova waits 2, 4, 6 ... seconds.
     */
    record Retry(int attempts, Duration step, Duration maxWait) {
        Retry {
            requireNonNull(step, "step");
            requireNonNull(maxWait, "maxWait");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        Duration waitFor(int attempt) {
            Duration grown = step.multipliedBy(attempt);
            return grown.compareTo(maxWait) > 0 ? maxWait : grown;
        }

        Duration total() {
            Duration sum = Duration.ZERO;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                sum = sum.plus(waitFor(attempt));
            }
            return sum;
        }
    }

    /**
     * Unplugs {@code device} ({@code what} names it for messages) and returns once the guest released it.
     *
     * @throws DriverException when the guest still holds it after the last attempt, or QEMU refuses the request
     */
    void unplug(QmpClient qmp, String device, String what) {
        for (int attempt = 1; ; attempt++) {
            CompletableFuture<QmpEvent> deleted = qmp.awaitEvent(
                    event -> event.event().equals("DEVICE_DELETED") && device.equals(event.dataString("device")));
            try {
                if (!request(qmp, device, what)) {
                    return;
                }
                Duration wait = retry.waitFor(attempt);
                try {
                    QmpClient.await(deleted, wait, "the guest to release " + what);
                    if (attempt > 1) {
                        log.info("device released after {} unplug requests device={} what=\"{}\"", attempt, device,
                                what);
                    }
                    return;
                } catch (QmpException e) {
                    if (!qmp.isOpen()) {
                        throw new DriverException("cannot detach " + what + ": " + e.getMessage(), e);
                    }
                }
                if (attempt >= retry.attempts()) {
                    throw new DriverException("the guest did not release " + what + " after " + attempt
                            + " unplug requests over " + retry.total().toSeconds() + " s; it stays attached");
                }
                log.warn("guest has not released the device yet, asking again device={} attempt={} waited_ms={}",
                        device, attempt, wait.toMillis());
            } finally {
                deleted.cancel(false);
            }
        }
    }

    /** Sends device_del; false when the device is gone already. */
    private boolean request(QmpClient qmp, String device, String what) {
        try {
            qmp.execute("device_del", Map.of("id", device), monitorTimeout);
            return true;
        } catch (QmpException e) {
            if ("DeviceNotFound".equals(e.errorClass())) {
                return false;
            }
            if (e.getMessage() != null && e.getMessage().contains("already in the process of unplug")) {
                return true;
            }
            throw new DriverException("cannot detach " + what + ": " + e.getMessage(), e);
        }
    }
}
