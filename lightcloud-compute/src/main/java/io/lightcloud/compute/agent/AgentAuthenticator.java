package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.common.api.ApiException;
import io.lightcloud.compute.host.HostCredentials;
import io.lightcloud.compute.host.HostRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Authenticates agent requests: a handler that takes an {@link AgentHost} parameter requires
 * {@code Authorization: Bearer <host id>:<secret>}, checked against the SHA-256 the controller stored when the
 * admin created the host credential. Any failure is the same 401, so a caller learns nothing about host ids.
 */
public final class AgentAuthenticator implements HandlerMethodArgumentResolver {
    private final HostRepository hosts;

    public AgentAuthenticator(HostRepository hosts) {
        this.hosts = requireNonNull(hosts, "hosts is null");
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(AgentHost.class);
    }

    @Override
    public AgentHost resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = requireNonNull(webRequest.getNativeRequest(HttpServletRequest.class));
        String header = request.getHeader("Authorization");
        String credential = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : null;
        Optional<HostCredentials.Parsed> parsed = HostCredentials.parse(credential);
        if (parsed.isEmpty()) {
            throw denied();
        }
        HostRepository.StoredCredential stored = hosts.credential(parsed.get().hostId())
                .orElseThrow(AgentAuthenticator::denied);
        if (!HostCredentials.matches(parsed.get().secret(), stored.hash())) {
            throw denied();
        }
        return new AgentHost(parsed.get().hostId(), stored.hostname());
    }

    private static ApiException denied() {
        return ApiException.unauthorized("A valid host credential is required (Authorization: Bearer <host id>:<secret>).");
    }
}
