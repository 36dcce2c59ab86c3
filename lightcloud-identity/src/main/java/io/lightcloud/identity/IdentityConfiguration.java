package io.lightcloud.identity;

import io.lightcloud.common.api.FaultFormat;
import io.lightcloud.common.auth.TokenVerifier;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.catalog.ServiceEndpoint;
import io.lightcloud.common.policy.PolicyDefaults;
import io.lightcloud.identity.api.IdentityFaultFormat;
import io.lightcloud.identity.assignment.EffectiveRoles;
import io.lightcloud.identity.catalog.CatalogRepository;
import io.lightcloud.identity.catalog.ServiceCatalog;
import io.lightcloud.identity.core.ApplicationCredentialRepository;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.LoginLockout;
import io.lightcloud.identity.core.ProjectRepository;
import io.lightcloud.identity.core.RoleRepository;
import io.lightcloud.identity.core.TokenRevoker;
import io.lightcloud.identity.core.UserRepository;
import io.lightcloud.identity.token.RevocationList;
import io.lightcloud.identity.token.SigningKeys;
import io.lightcloud.identity.token.TokenCodec;
import io.lightcloud.identity.token.TokenService;
import io.lightcloud.identity.token.TokenViews;
import io.lightcloud.identity.user.PasswordHasher;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

    @Bean
    ServiceEndpoint identityEndpoint() {
        return new ServiceEndpoint("6d1e3c6a4e5f4a0c9d7b1f2a3c4d5e60", "identity", "keystone", "/identity/v3");
    }

    @Bean
    FaultFormat identityFaultFormat() {
        return new IdentityFaultFormat();
    }

    @Bean
    PolicyDefaults identityPolicies() {
        return new IdentityPolicies();
    }

    @Bean
    PasswordHasher passwordHasher(@Value("${lightcloud.identity.password-hash-rounds:12}") int rounds) {
        return new PasswordHasher(rounds);
    }

    @Bean
    LoginLockout loginLockout(@Value("${lightcloud.identity.lockout-failure-attempts:5}") int attempts,
            @Value("${lightcloud.identity.lockout-duration:60s}") Duration duration) {
        return new LoginLockout(attempts, duration);
    }

    @Bean
    TokenCodec tokenCodec(JdbcClient jdbc, ObjectMapper mapper) {
        return new TokenCodec(SigningKeys.load(jdbc), mapper);
    }

    @Bean(destroyMethod = "close")
    RevocationList revocationList(JdbcClient jdbc,
            @Value("${lightcloud.identity.token-lifetime:1h}") Duration lifetime,
            @Value("${lightcloud.identity.revocation-refresh:1s}") Duration refresh) {
        return new RevocationList(jdbc, lifetime, refresh);
    }

    @Bean
    ServiceCatalog serviceCatalog(List<ServiceEndpoint> services, ExternalUrl externalUrl,
            @Value("${lightcloud.region:RegionOne}") String region, CatalogRepository registered) {
        return new ServiceCatalog(services, externalUrl, region, registered);
    }

    @Bean
    TokenViews tokenViews(ServiceCatalog catalog) {
        return new TokenViews(catalog);
    }

    @Bean
    TokenService tokenService(TokenCodec codec, RevocationList revocations, TokenRevoker revoker, UserRepository users,
            DomainRepository domains, ProjectRepository projects, RoleRepository roles, EffectiveRoles effectiveRoles,
            ApplicationCredentialRepository applicationCredentials, PasswordHasher hasher, LoginLockout lockout,
            @Value("${lightcloud.identity.token-lifetime:1h}") Duration lifetime) {
        return new TokenService(codec, revocations, revoker, users, domains, projects, roles, effectiveRoles,
                applicationCredentials, hasher, lockout, lifetime);
    }

    @Bean
    TokenVerifier tokenVerifier(TokenService tokens) {
        return token -> tokens.toAuthContext(tokens.validate(token));
    }
}
