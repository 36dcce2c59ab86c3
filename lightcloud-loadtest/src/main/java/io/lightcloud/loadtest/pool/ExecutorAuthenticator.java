package io.lightcloud.loadtest.pool;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Authenticates executor requests: a handler taking a {@link LoadExecutor} requires {@code Authorization: Bearer
 * <executor id>:<secret>}. Every failure is the same 401.
 */
public final class ExecutorAuthenticator implements HandlerMethodArgumentResolver {
    private final ExecutorRepository executors;

    public ExecutorAuthenticator(ExecutorRepository executors) {
        this.executors = requireNonNull(executors, "executors is null");
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(LoadExecutor.class);
    }

    @Override
    public LoadExecutor resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = requireNonNull(webRequest.getNativeRequest(HttpServletRequest.class));
        return authenticate(request.getHeader("Authorization")).orElseThrow(() -> ApiException.unauthorized(
                "A valid executor credential is required (Authorization: Bearer <executor id>:<secret>)."));
    }

    Optional<LoadExecutor> authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String credential = header.substring(7).trim();
        int colon = credential.indexOf(':');
        if (colon <= 0 || colon == credential.length() - 1 || colon > 64) {
            return Optional.empty();
        }
        String id = credential.substring(0, colon);
        String secret = credential.substring(colon + 1);
        return executors.credential(id).filter(stored -> ExecutorCredentials.matches(secret, stored[1]))
                .map(stored -> new LoadExecutor(id, stored[0]));
    }
}
