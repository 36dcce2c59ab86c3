package io.lightcloud.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.agent.driver.DriverException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The unplug retry against a fake monitor whose guest ignores some of the requests, as a busy guest does. */
class DeviceUnplugTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final DeviceUnplug.Retry QUICK = new DeviceUnplug.Retry(4, Duration.ofMillis(100),
            Duration.ofMillis(250));

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void anIgnoredRequestIsSentAgainUntilTheGuestReleasesTheDevice() throws Exception {
        QmpClient qmp = monitor(n -> n < 3 ? List.of() : List.of(deleted("vol-a")));
        new DeviceUnplug(QUICK, TIMEOUT).unplug(qmp, "vol-a", "volume a");
        assertThat(requests.get()).as("two requests ignored, the third answered").isEqualTo(3);
    }

    @Test
    void aRequestRefusedWhileTheLastIsPendingKeepsWaitingForIt() throws Exception {
        QmpClient qmp = monitor(n -> n == 1 ? List.of()
                : List.of("ERROR GenericError Device vol-a is already in the process of unplug", deleted("vol-a")));
        new DeviceUnplug(QUICK, TIMEOUT).unplug(qmp, "vol-a", "volume a");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void aDeviceGoneBeforeTheNextRequestIsUnplugged() throws Exception {
        QmpClient qmp = monitor(n -> n == 1 ? List.of() : List.of("ERROR DeviceNotFound Device 'vol-a' not found"));
        new DeviceUnplug(QUICK, TIMEOUT).unplug(qmp, "vol-a", "volume a");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void aGuestThatNeverReleasesTheDeviceFailsAfterTheLastAttemptWithAClearMessage() throws Exception {
        QmpClient qmp = monitor(n -> List.of(deleted("other-device")));
        assertThatThrownBy(() -> new DeviceUnplug(QUICK, TIMEOUT).unplug(qmp, "vol-a", "volume a of instance i"))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("the guest did not release volume a of instance i after 4 unplug requests")
                .hasMessageContaining("stays attached");
        assertThat(requests.get()).isEqualTo(4);
    }

    @Test
    void waitsGrowUpToTheLongest() {
        DeviceUnplug.Retry nova = new DeviceUnplug.Retry(8, Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertThat(nova.waitFor(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(nova.waitFor(3)).isEqualTo(Duration.ofSeconds(6));
        assertThat(new DeviceUnplug.Retry(8, Duration.ofSeconds(10), Duration.ofSeconds(30)).waitFor(5))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(nova.total()).isEqualTo(Duration.ofSeconds(72));
    }

    /**
     * A fake monitor: the n-th device_del (from 1) is answered with an empty return, or with an error for a line
     * {@code ERROR <class> <description>}, followed by the other lines the function gives (events).
     */
    private QmpClient monitor(IntFunction<List<String>> onDeviceDel) throws IOException {
        return FakeQmpMonitor.connect(dir.resolve("qmp.sock"), MAPPER, TIMEOUT, closeables, request -> {
            if (!request.get("execute").asString().equals("device_del")) {
                return List.of(FakeQmpMonitor.reply(request, "{}"));
            }
            List<String> answer = new ArrayList<>(onDeviceDel.apply(requests.incrementAndGet()));
            if (answer.isEmpty() || !answer.get(0).startsWith("ERROR ")) {
                answer.add(0, FakeQmpMonitor.reply(request, "{}"));
            } else {
                String[] error = answer.get(0).split(" ", 3);
                answer.set(0, "{\"error\": {\"class\": \"" + error[1] + "\", \"desc\": \"" + error[2]
                        + "\"}, \"id\": " + request.get("id") + "}");
            }
            return answer;
        });
    }

    private static String deleted(String device) {
        return "{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"" + device + "\", \"path\": "
                + "\"/machine/peripheral/" + device + "\"}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}";
    }
}
