package io.lightcloud.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEnforcerTest {
    private static final PolicyDefaults SERVICE = () -> Map.of(
            "svc:read", "rule:project_reader_or_admin",
            "svc:write", "rule:project_member_or_admin",
            "svc:admin", "rule:admin_required",
            "svc:self", "user_id:%(target.user_id)s",
            "svc:anyone", "",
            "svc:nobody", "!",
            "svc:nested", "(role:member or role:auditor) and not role:banned",
            "svc:see", "role:reader and (project_id:%(target.project_id)s or 'public':%(target.visibility)s)");

    private final PolicyEnforcer enforcer = new PolicyEnforcer(List.of(new CommonPolicies(), SERVICE), Map.of());

    @Test
    void membersActOnTheirOwnProjectOnly() {
        AuthContext member = caller("u1", "p1", "member", "reader");
        assertThat(enforcer.allows("svc:write", member, Map.of("target.project_id", "p1"))).isTrue();
        assertThat(enforcer.allows("svc:write", member, Map.of("target.project_id", "p2"))).isFalse();
        assertThat(enforcer.allows("svc:write", member, Map.of())).isFalse();
    }

    @Test
    void readersMayReadButNotWrite() {
        AuthContext reader = caller("u1", "p1", "reader");
        assertThat(enforcer.allows("svc:read", reader, Map.of("target.project_id", "p1"))).isTrue();
        assertThat(enforcer.allows("svc:write", reader, Map.of("target.project_id", "p1"))).isFalse();
    }

    @Test
    void adminsActEverywhere() {
        AuthContext admin = caller("root", "admin-project", "admin", "member", "reader");
        assertThat(enforcer.allows("svc:write", admin, Map.of("target.project_id", "elsewhere"))).isTrue();
        assertThat(enforcer.allows("svc:admin", admin, Map.of())).isTrue();
        assertThat(enforcer.allows("svc:admin", caller("u", "p", "member"), Map.of())).isFalse();
    }

    @Test
    void targetAttributesEmptyRulesDenialAndBooleanLogic() {
        AuthContext user = caller("u1", "p1", "member");
        assertThat(enforcer.allows("svc:self", user, Map.of("target.user_id", "u1"))).isTrue();
        assertThat(enforcer.allows("svc:self", user, Map.of("target.user_id", "u2"))).isFalse();
        assertThat(enforcer.allows("svc:anyone", user, Map.of())).isTrue();
        assertThat(enforcer.allows("svc:nobody", user, Map.of())).isFalse();
        assertThat(enforcer.allows("svc:nested", user, Map.of())).isTrue();
        assertThat(enforcer.allows("svc:nested", caller("u1", "p1", "auditor", "banned"), Map.of())).isFalse();
    }

    @Test
    void quotedLiteralsCompareWithTargetValues() {
        AuthContext reader = caller("u1", "p1", "reader");
        assertThat(enforcer.allows("svc:see", reader, Map.of("target.project_id", "p2", "target.visibility", "public")))
                .isTrue();
        assertThat(enforcer.allows("svc:see", reader, Map.of("target.project_id", "p2", "target.visibility", "private")))
                .isFalse();
        assertThat(enforcer.allows("svc:see", reader, Map.of("target.project_id", "p2"))).isFalse();
        assertThatThrownBy(() -> PolicyParser.parse("'public':public")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void undefinedActionsFailClosedWith403() {
        AuthContext admin = caller("root", "p", "admin");
        assertThat(enforcer.allows("svc:undefined", admin, Map.of())).isFalse();
        assertThatThrownBy(() -> enforcer.enforce("svc:undefined", admin))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(403))
                .hasMessageContaining("svc:undefined");
    }

    @Test
    void operatorOverridesReplaceDefaults() {
        PolicyEnforcer overridden = new PolicyEnforcer(List.of(new CommonPolicies(), SERVICE),
                Map.of("svc:admin", "role:member"));
        assertThat(overridden.allows("svc:admin", caller("u", "p", "member"), Map.of())).isTrue();
    }

    @Test
    void malformedRulesAndDuplicateDefinitionsAreRejected() {
        assertThatThrownBy(() -> PolicyParser.parse("role:admin and")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyParser.parse("(role:admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyParser.parse("colour:blue")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PolicyEnforcer(List.of(SERVICE, SERVICE), Map.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    private static AuthContext caller(String userId, String projectId, String... roles) {
        return new AuthContext(userId, userId, "default", projectId, projectId, "default", null, Set.of(roles),
                "audit", null, Instant.now().plusSeconds(60));
    }
}
