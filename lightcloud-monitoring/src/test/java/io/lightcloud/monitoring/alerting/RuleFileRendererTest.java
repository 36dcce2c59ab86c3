package io.lightcloud.monitoring.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.monitoring.charts.PromQl;
import io.lightcloud.monitoring.inventory.MonitoredInventory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleFileRendererTest {
    private static final MonitoredInventory TAGGED = new MonitoredInventory() {
        @Override
        public Optional<MonitoredServer> server(String serverId) {
            return Optional.empty();
        }

        @Override
        public List<String> serversWithTag(String projectId, String tag) {
            return tag.equals("web") ? List.of("a1", "b.2") : List.of();
        }

        @Override
        public List<MonitoredHost> hosts() {
            return List.of();
        }

        @Override
        public Optional<MonitoredHost> host(String hostId) {
            return Optional.empty();
        }
    };

    private final RuleFileRenderer renderer = new RuleFileRenderer(TAGGED, Duration.ofMinutes(1));

    @Test
    void everyScopeIsConfinedToTheRulesProject() {
        assertThat(renderer.expression(rule(AlertMetric.CPU_PERCENT, AlertRule.Scope.SERVER, "vm1")))
                .isEqualTo("100 * sum by (instance_id, project_id) (rate(lightcloud_vm_vcpu_seconds_total{"
                        + "project_id=\"p1\",instance_id=\"vm1\"}[60s])) / count by (instance_id, project_id) "
                        + "(lightcloud_vm_vcpu_seconds_total{project_id=\"p1\",instance_id=\"vm1\"}) > 80");
        assertThat(renderer.expression(rule(AlertMetric.MEMORY_RSS_BYTES, AlertRule.Scope.TAG, "web")))
                .contains("project_id=\"p1\",instance_id=~\"a1|b\\\\.2\"");
        assertThat(renderer.expression(rule(AlertMetric.MEMORY_RSS_BYTES, AlertRule.Scope.TAG, "none")))
                .contains("instance_id=\"__none__\"");
        assertThat(renderer.expression(rule(AlertMetric.INSTANCE_DOWN, AlertRule.Scope.PROJECT, null)))
                .isEqualTo("max by (instance_id, project_id) (lightcloud_vm_down{project_id=\"p1\"}) > 0");
    }

    @Test
    void theFileLabelsEveryAlertWithRuleProjectAndSeverity() {
        String file = renderer.render("p1", List.of(rule(AlertMetric.CPU_PERCENT, AlertRule.Scope.PROJECT, null)));
        assertThat(file).contains("- name: \"lightcloud-project-p1\"").contains("for: 30s")
                .contains("rule_id: \"r1\"").contains("project_id: \"p1\"").contains("severity: \"critical\"");
        assertThat(renderer.render("p1", List.of())).contains("groups: []");
    }

    @Test
    void idsThatAreNotIdsNeverReachPromQl() {
        assertThatThrownBy(() -> PromQl.matcher("instance_id", "x\"} or vector(1) #"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromQl.anyOf("instance_id", List.of("ok", "a|b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static AlertRule rule(AlertMetric metric, AlertRule.Scope scope, String value) {
        return new AlertRule("r1", "p1", "rule", metric, scope, value, AlertRule.Comparator.GT, 80, 30,
                AlertRule.Severity.CRITICAL, List.of(), Instant.EPOCH, Instant.EPOCH);
    }
}
