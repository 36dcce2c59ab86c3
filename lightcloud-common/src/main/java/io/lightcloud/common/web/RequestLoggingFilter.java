package io.lightcloud.common.web;

import io.lightcloud.common.api.RequestIds;
import io.lightcloud.common.auth.AuthContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an OpenStack request id (answered in {@code x-openstack-request-id}) and writes one access
 * log line per request with that id, the caller and the outcome. Headers and bodies are never logged: they carry
 * tokens and passwords.
 */
public class RequestLoggingFilter extends OncePerRequestFilter {
    private static final Logger accessLog = LoggerFactory.getLogger("lightcloud.access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestIds.newId();
        MDC.put(RequestIds.MDC_KEY, requestId);
        response.setHeader(RequestIds.HEADER, requestId);
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (accessLog.isInfoEnabled()) {
                AuthContext auth = AuthContext.of(request);
                accessLog.info("{} {} status={} duration_ms={} user_id={} project_id={}",
                        request.getMethod(), request.getRequestURI(), response.getStatus(),
                        (System.nanoTime() - started) / 1_000_000,
                        auth == null ? "-" : auth.userId(),
                        auth == null || auth.projectId() == null ? "-" : auth.projectId());
            }
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
