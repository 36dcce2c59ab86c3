package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes a project's rules and its live rule file together: the change is written in a transaction that commits
 * only after promtool accepted the project's new rule file and the file was swapped in, so a rejected rule leaves
 * both the database and the running rule set as they were. {@link #syncAll} re-renders every project (tag scopes
 * follow tag changes; a restarted controller or Prometheus gets its files back); unchanged files are not touched.
 */
public class AlertRuleService {
    private static final Logger log = LoggerFactory.getLogger(AlertRuleService.class);

    private final AlertRuleRepository rules;
    private final RuleFileRenderer renderer;
    private final RuleFilePublisher publisher;
    private final TransactionTemplate transactions;

    public AlertRuleService(AlertRuleRepository rules, RuleFileRenderer renderer, RuleFilePublisher publisher,
            TransactionTemplate transactions) {
        this.rules = requireNonNull(rules, "rules is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public void create(AlertRule rule) {
        transactions.executeWithoutResult(status -> {
            rules.insert(rule);
            publish(rule.projectId());
        });
        log.info("alert rule created rule_id={} project_id={} metric={} scope={}", rule.id(), rule.projectId(),
                rule.metric().wire(), rule.scope().wire());
    }

    public void update(AlertRule rule) {
        transactions.executeWithoutResult(status -> {
            rules.update(rule);
            publish(rule.projectId());
        });
        log.info("alert rule updated rule_id={} project_id={}", rule.id(), rule.projectId());
    }

    public void delete(AlertRule rule) {
        transactions.executeWithoutResult(status -> {
            rules.delete(rule.id());
            publish(rule.projectId());
        });
        log.info("alert rule deleted rule_id={} project_id={}", rule.id(), rule.projectId());
    }

    /** The PromQL a rule evaluates, for showing it to its owner. */
    public String expression(AlertRule rule) {
        return renderer.expression(rule);
    }

    public void syncAll() {
        for (String project : rules.projects()) {
            try {
                publish(project);
            } catch (RuntimeException e) {
                log.warn("alert rules of a project could not be published project_id={} error=\"{}\"", project,
                        e.getMessage());
            }
        }
    }

    private void publish(String projectId) {
        List<AlertRule> current = rules.ofProject(projectId);
        publisher.publish(projectId, renderer.render(projectId, current));
    }
}
