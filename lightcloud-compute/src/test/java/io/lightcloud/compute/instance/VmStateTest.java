package io.lightcloud.compute.instance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VmStateTest {
    @Test
    void statusFollowsNovasMappingOfVmAndTaskStates() {
        assertThat(VmState.status(VmState.ACTIVE, null)).isEqualTo("ACTIVE");
        assertThat(VmState.status(VmState.ACTIVE, VmState.REBOOTING_HARD)).isEqualTo("HARD_REBOOT");
        assertThat(VmState.status(VmState.ACTIVE, VmState.REBOOTING)).isEqualTo("REBOOT");
        assertThat(VmState.status(VmState.ACTIVE, VmState.POWERING_OFF)).as("a task without its own status")
                .isEqualTo("ACTIVE");
        assertThat(VmState.status(VmState.STOPPED, null)).isEqualTo("SHUTOFF");
        assertThat(VmState.status(VmState.STOPPED, VmState.RESIZE_MIGRATING)).isEqualTo("RESIZE");
        assertThat(VmState.status(VmState.RESIZED, null)).isEqualTo("VERIFY_RESIZE");
        assertThat(VmState.status(VmState.RESIZED, VmState.RESIZE_REVERTING)).isEqualTo("REVERT_RESIZE");
        assertThat(VmState.status(VmState.BUILDING, VmState.SPAWNING)).isEqualTo("BUILD");
        assertThat(VmState.status(VmState.ERROR, VmState.REBUILDING)).isEqualTo("REBUILD");
        assertThat(VmState.status("no-such-state", null)).isEqualTo("UNKNOWN");
    }
}
