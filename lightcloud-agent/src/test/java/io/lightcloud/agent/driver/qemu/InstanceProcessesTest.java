package io.lightcloud.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.protocol.PowerState;
import org.junit.jupiter.api.Test;

class InstanceProcessesTest {
    @Test
    void mapsQmpRunStatesAsNovasLibvirtDriverMapsDomainStates() {
        assertThat(InstanceProcesses.powerState("running")).isEqualTo(PowerState.RUNNING);
        assertThat(InstanceProcesses.powerState("shutdown")).isEqualTo(PowerState.SHUTDOWN);
        for (String crashed : new String[] {"internal-error", "io-error", "guest-panicked", "watchdog"}) {
            assertThat(InstanceProcesses.powerState(crashed)).as(crashed).isEqualTo(PowerState.CRASHED);
        }
        for (String paused : new String[] {"paused", "prelaunch", "inmigrate", "suspended", "save-vm"}) {
            assertThat(InstanceProcesses.powerState(paused)).as(paused).isEqualTo(PowerState.PAUSED);
        }
    }
}
