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
        return authenticate(request.getHeader("Authorization")).orElseThrow(AgentAuthenticator::denied);
    }

    /** The host an {@code Authorization} header's credential belongs to; empty for anything that does not match. */
    public Optional<AgentHost> authenticate(String authorizationHeader) {
        String credential = authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorizationHeader.substring(7).trim() : null;
        Optional<HostCredentials.Parsed> parsed = HostCredentials.parse(credential);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        return hosts.credential(parsed.get().hostId())
                .filter(stored -> HostCredentials.matches(parsed.get().secret(), stored.hash()))
                .map(stored -> new AgentHost(parsed.get().hostId(), stored.hostname()));
    }

    private static ApiException denied() {
        return ApiException.unauthorized("A valid host credential is required (Authorization: Bearer <host id>:<secret>).");
    }
}
