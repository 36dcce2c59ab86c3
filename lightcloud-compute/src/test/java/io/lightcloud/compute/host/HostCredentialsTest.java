package io.lightcloud.compute.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostCredentialsTest {
    @Test
    void credentialsCarryTheHostAndOnlyTheirHashIsNeededToCheckThem() {
        String secret = HostCredentials.newSecret();
        assertThat(secret).hasSize(43).doesNotContain(":");
        String credential = HostCredentials.credential("host-1", secret);
        HostCredentials.Parsed parsed = HostCredentials.parse(credential).orElseThrow();
        assertThat(parsed.hostId()).isEqualTo("host-1");
        String hash = HostCredentials.hash(secret);
        assertThat(hash).hasSize(64).doesNotContain(secret);
        assertThat(HostCredentials.matches(parsed.secret(), hash)).isTrue();
        assertThat(HostCredentials.matches(secret + "x", hash)).isFalse();
        assertThat(HostCredentials.parse("no-colon")).isEmpty();
        assertThat(HostCredentials.parse(":secret")).isEmpty();
        assertThat(HostCredentials.parse(null)).isEmpty();
    }
}
