package io.lightcloud.common.auth;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Authenticates exactly the handlers that take an {@link AuthContext} parameter: the token is verified when such a
 * handler is chosen, so public endpoints (version documents, token issue) never fail on a stale token.
 */
public class AuthContextArgumentResolver implements HandlerMethodArgumentResolver {
    public static final String TOKEN_HEADER = "X-Auth-Token";

    private final TokenVerifier verifier;

    public AuthContextArgumentResolver(TokenVerifier verifier) {
        this.verifier = requireNonNull(verifier, "verifier is null");
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(AuthContext.class);
    }

    @Override
    public AuthContext resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = requireNonNull(webRequest.getNativeRequest(HttpServletRequest.class));
        AuthContext existing = AuthContext.of(request);
        if (existing != null) {
            return existing;
        }
        String token = request.getHeader(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        AuthContext context = verifier.verify(token.trim());
        context.attachTo(request);
        return context;
    }
}
