package io.lightcloud.server.metrics;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.Fault;
import io.lightcloud.common.api.FaultWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Admits a request to {@code /metrics} only with {@code Authorization: Bearer <the metrics credential>}. */
public class MetricsAccessFilter extends OncePerRequestFilter {
    private static final String BEARER = "Bearer ";

    private final MetricsCredential credential;
    private final FaultWriter faultWriter;

    public MetricsAccessFilter(MetricsCredential credential, FaultWriter faultWriter) {
        this.credential = requireNonNull(credential, "credential is null");
        this.faultWriter = requireNonNull(faultWriter, "faultWriter is null");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && credential.matches(authorization.substring(BEARER.length()).trim())) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"lightcloud-metrics\"");
        faultWriter.write(request, response, new Fault(401, "The metrics need the scrape credential as a bearer "
                + "token (the data directory's metrics-credential file, or LIGHTCLOUD_METRICS_CREDENTIAL).", null));
    }
}
