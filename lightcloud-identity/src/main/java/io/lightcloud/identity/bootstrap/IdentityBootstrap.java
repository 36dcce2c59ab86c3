package io.lightcloud.identity.bootstrap;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.api.IdentityIds;
import io.lightcloud.identity.core.Assignment.ActorType;
import io.lightcloud.identity.core.Assignment.TargetType;
import io.lightcloud.identity.core.Assignment;
import io.lightcloud.identity.core.AssignmentRepository;
import io.lightcloud.identity.core.Domain;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.core.ProjectRepository;
import io.lightcloud.identity.core.Role;
import io.lightcloud.identity.core.RoleRepository;
import io.lightcloud.identity.core.User;
import io.lightcloud.identity.core.UserRepository;
import io.lightcloud.identity.user.PasswordHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates what {@code keystone-manage bootstrap} creates, once: the {@code default} domain, the {@code admin},
 * {@code member} and {@code reader} roles with {@code admin → member → reader} implied, the {@code admin} project and
 * the {@code admin} user holding {@code admin} on it. The admin password is taken from configuration
 * ({@code LIGHTCLOUD_ADMIN_PASSWORD}), or generated on first start and kept in the data directory, mode 0600.
 * It runs before the web server starts, so a server that answers is one the admin can log in to.
 */
@Component
public class IdentityBootstrap implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);
    public static final String ADMIN = "admin";

    private final DomainRepository domains;
    private final ProjectRepository projects;
    private final UserRepository users;
    private final RoleRepository roles;
    private final AssignmentRepository assignments;
    private final PasswordHasher hasher;
    private final TransactionTemplate transactions;
    private final String configuredPassword;
    private final Path passwordFile;

    public IdentityBootstrap(DomainRepository domains, ProjectRepository projects, UserRepository users,
            RoleRepository roles, AssignmentRepository assignments, PasswordHasher hasher,
            TransactionTemplate transactions, @Value("${lightcloud.bootstrap.admin-password:}") String configuredPassword,
            @Value("${lightcloud.data-dir}") String dataDir) {
        this.domains = requireNonNull(domains, "domains is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.users = requireNonNull(users, "users is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.assignments = requireNonNull(assignments, "assignments is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.configuredPassword = configuredPassword;
        this.passwordFile = Path.of(dataDir).resolve("admin-password");
    }

    @Override
    public void afterSingletonsInstantiated() {
        String password;
        try {
            password = adminPassword();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the admin password file " + passwordFile, e);
        }
        try {
            transactions.executeWithoutResult(status -> bootstrap(password));
        } catch (DuplicateKeyException anotherController) {
            log.info("Another controller bootstrapped identity at the same time; using its records");
        }
    }

    private void bootstrap(String password) {
        if (domains.find(Domain.DEFAULT_ID).isEmpty()) {
            domains.insert(new Domain(Domain.DEFAULT_ID, "Default", "The default domain", true, Map.of()));
            log.info("Bootstrap: created the default domain");
        }
        Role admin = ensureRole(Role.ADMIN);
        Role member = ensureRole(Role.MEMBER);
        Role reader = ensureRole(Role.READER);
        roles.addImplication(admin.id(), member.id());
        roles.addImplication(member.id(), reader.id());
        Project project = projects.findByName(Domain.DEFAULT_ID, ADMIN).orElseGet(() -> {
            Project created = new Project(IdentityIds.newId(), ADMIN, Domain.DEFAULT_ID, null,
                    "Bootstrap project for initializing the cloud.", true, List.of(), Map.of());
            projects.insert(created);
            log.info("Bootstrap: created the admin project {}", created.id());
            return created;
        });
        User user = users.findByName(Domain.DEFAULT_ID, ADMIN).orElse(null);
        if (user == null) {
            user = new User(IdentityIds.newId(), ADMIN, Domain.DEFAULT_ID, true, hasher.hash(password),
                    project.id(), Map.of(), 0, null);
            users.insert(user);
            log.info("Bootstrap: created the admin user {}", user.id());
        } else if (configuredPassword != null && !configuredPassword.isBlank()
                && !hasher.matches(configuredPassword, user.passwordHash())) {
            users.update(new User(user.id(), user.name(), user.domainId(), true, hasher.hash(configuredPassword),
                    user.defaultProjectId(), user.extra(), 0, null));
            log.info("Bootstrap: reset the admin password to the configured one");
        }
        assignments.add(new Assignment(ActorType.USER, user.id(), TargetType.PROJECT, project.id(), admin.id(), false));
    }

    private Role ensureRole(String name) {
        return roles.findGlobalByName(name).orElseGet(() -> {
            Role role = new Role(IdentityIds.newId(), name, null, null);
            roles.insert(role);
            log.info("Bootstrap: created role {}", name);
            return role;
        });
    }

    private String adminPassword() throws IOException {
        if (configuredPassword != null && !configuredPassword.isBlank()) {
            return configuredPassword;
        }
        if (Files.exists(passwordFile)) {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(passwordFile.getParent());
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, generated + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        log.info("Bootstrap: generated the admin password into {} (mode 0600)", passwordFile);
        return generated;
    }
}
