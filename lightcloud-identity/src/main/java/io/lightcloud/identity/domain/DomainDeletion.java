package io.lightcloud.identity.domain;

import static java.util.Objects.requireNonNull;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes a domain with everything in it, as Keystone does: its projects, users and groups, and every role
 * assignment that names any of them, in one transaction.
 */
@Component
public class DomainDeletion {
    private final JdbcClient jdbc;

    public DomainDeletion(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Transactional
    public void delete(String domainId) {
        jdbc.sql("""
                DELETE FROM identity_assignment WHERE (target_type = 'domain' AND target_id = :d)
                   OR (target_type = 'project' AND target_id IN (SELECT id FROM identity_project WHERE domain_id = :d))
                   OR (actor_type = 'user' AND actor_id IN (SELECT id FROM identity_user WHERE domain_id = :d))
                   OR (actor_type = 'group' AND actor_id IN (SELECT id FROM identity_group WHERE domain_id = :d))""")
                .param("d", domainId).update();
        jdbc.sql("DELETE FROM identity_application_credential WHERE user_id IN "
                + "(SELECT id FROM identity_user WHERE domain_id = ?) OR project_id IN "
                + "(SELECT id FROM identity_project WHERE domain_id = ?)").params(domainId, domainId).update();
        jdbc.sql("DELETE FROM identity_group WHERE domain_id = ?").param(domainId).update();
        jdbc.sql("DELETE FROM identity_user WHERE domain_id = ?").param(domainId).update();
        jdbc.sql("UPDATE identity_project SET parent_id = NULL WHERE domain_id = ?").param(domainId).update();
        jdbc.sql("DELETE FROM identity_project WHERE domain_id = ?").param(domainId).update();
        jdbc.sql("DELETE FROM identity_role WHERE domain_id = ?").param(domainId).update();
        jdbc.sql("DELETE FROM identity_domain WHERE id = ?").param(domainId).update();
    }
}
