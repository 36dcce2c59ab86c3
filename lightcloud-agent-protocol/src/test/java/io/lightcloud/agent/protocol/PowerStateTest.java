package io.lightcloud.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PowerStateTest {
    /** The spellings docs/agent-protocol.md lists for power_state, with Nova's codes. */
    private static final Map<String, Integer> DOCUMENTED = Map.of(
            "running", 1, "paused", 3, "shutdown", 4, "crashed", 6, "suspended", 7, "nostate", 0);

    @Test
    void everyDocumentedSpellingParsesAndIsWrittenBackTheSameWay() {
        DOCUMENTED.forEach((spelling, code) -> {
            PowerState state = PowerState.parse(spelling);
            assertThat(state.name().toLowerCase(Locale.ROOT)).isEqualTo(spelling);
            assertThat(state.code()).as(spelling).isEqualTo(code);
            assertThat(PowerState.ofCode(code)).isEqualTo(state);
        });
        assertThat(PowerState.values()).hasSize(DOCUMENTED.size());
    }

    @Test
    void onlyRunningAndPausedHaveAProcess() {
        for (PowerState state : PowerState.values()) {
            assertThat(state.hasProcess()).as(state.name())
                    .isEqualTo(state == PowerState.RUNNING || state == PowerState.PAUSED);
        }
    }

    @Test
    void unknownSpellingsAreRefusedAndUnknownCodesAreNoState() {
        assertThatThrownBy(() -> PowerState.parse("hibernating")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PowerState.ofCode(2)).isEqualTo(PowerState.NOSTATE);
    }
}
