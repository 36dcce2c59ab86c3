package io.lightcloud.identity.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImpliedRolesTest {
    private final ImpliedRoles implied = new ImpliedRoles(List.of(
            new String[] {"admin", "member"}, new String[] {"member", "reader"}, new String[] {"auditor", "reader"}));

    @Test
    void expandsTransitively() {
        assertThat(implied.expand(List.of("admin"))).containsExactlyInAnyOrder("admin", "member", "reader");
        assertThat(implied.expand(List.of("auditor"))).containsExactlyInAnyOrder("auditor", "reader");
        assertThat(implied.expand(List.of("reader"))).containsExactly("reader");
    }

    @Test
    void detectsCycles() {
        assertThat(implied.wouldCycle("reader", "admin")).isTrue();
        assertThat(implied.wouldCycle("admin", "auditor")).isFalse();
    }
}
