package io.lightcloud.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.identity.token.TokenPayload.AppCredentialRef;
import io.lightcloud.identity.token.TokenPayload.RoleRef;
import io.lightcloud.identity.token.TokenPayload.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TokenCodecTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final TokenCodec codec = new TokenCodec(SigningKeys.of(Map.of("k1", KEY), "k1"),
            JsonMapper.builder().build());

    @Test
    void roundTripsEveryField() {
        TokenPayload payload = payload(new AppCredentialRef("ac1", "ci", true));
        assertThat(codec.decode(codec.encode(payload))).isEqualTo(payload);
        TokenPayload domainScoped = new TokenPayload("u", "alice", "default", "Default", List.of("password"),
                Scope.domain("d1", "Dom"), List.of(), List.of("a1"), payload.issuedAt(), payload.expiresAt(), null);
        assertThat(codec.decode(codec.encode(domainScoped))).isEqualTo(domainScoped);
    }

    @Test
    void rejectsAnyTamperingWith401() {
        String token = codec.encode(payload(null));
        String[] parts = token.split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"member\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        assertUnauthorized(parts[0] + "." + forgedPayload + "." + parts[2]);
        assertUnauthorized(token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA"));
        assertUnauthorized("k9." + parts[1] + "." + parts[2]);
        assertUnauthorized("garbage");
        assertUnauthorized("k1.%%%.###");
        assertUnauthorized("x".repeat(10_000));
    }

    @Test
    void anotherKeyCannotVerify() {
        TokenCodec other = new TokenCodec(SigningKeys.of(Map.of("k1", "another-key-another-key-another!!"
                .getBytes(StandardCharsets.US_ASCII)), "k1"), JsonMapper.builder().build());
        assertUnauthorized(other.encode(payload(null)));
    }

    @Test
    void revocationEventsMatchByAuditChainUserAndProject() {
        TokenPayload token = payload(null);
        Instant after = token.issuedAt().plusSeconds(1);
        assertThat(new RevocationEvent("parent-audit", null, null, null, null, after).matches(token)).isTrue();
        assertThat(new RevocationEvent(null, "u1", "p1", null, null, after).matches(token)).isTrue();
        assertThat(new RevocationEvent(null, "u1", "p2", null, null, after).matches(token)).isFalse();
        assertThat(new RevocationEvent(null, "u1", null, null, null, token.issuedAt().minusSeconds(1))
                .matches(token)).as("tokens issued after the event stay valid").isFalse();
        assertThat(new RevocationEvent(null, null, null, "default", null, after).matches(token)).isTrue();
        assertThat(new RevocationEvent(null, null, null, null, "ac1", after).matches(token)).isFalse();
    }

    private void assertUnauthorized(String token) {
        assertThatThrownBy(() -> codec.decode(token))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    private static TokenPayload payload(AppCredentialRef appCred) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new TokenPayload("u1", "alice", "default", "Default", List.of("password"),
                Scope.project("p1", "demo", "default", "Default"),
                List.of(new RoleRef("r1", "member"), new RoleRef("r2", "reader")), List.of("own-audit", "parent-audit"),
                now, now.plusSeconds(3600), appCred);
    }
}
