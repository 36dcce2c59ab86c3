package io.lightcloud.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.driver.DriverException;
import org.junit.jupiter.api.Test;

class InstanceConvergerMessageTest {
    @Test
    void faultMessagesKeepFileNamesButNotTheHostsDirectories() {
        String message = InstanceConverger.message(new DriverException("cannot create instance 5b1e: qemu-img: "
                + "Could not open '/var/lib/lightcloud/instances/_images/3f2a.qcow2': Image is not valid qcow2"));

        assertThat(message).isEqualTo("cannot create instance 5b1e: qemu-img: Could not open '3f2a.qcow2': "
                + "Image is not valid qcow2");
    }

    @Test
    void textWithoutPathsIsUnchanged() {
        assertThat(InstanceConverger.message(new IllegalStateException("no host/port pair 1.5")))
                .isEqualTo("no host/port pair 1.5");
        assertThat(InstanceConverger.message(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
