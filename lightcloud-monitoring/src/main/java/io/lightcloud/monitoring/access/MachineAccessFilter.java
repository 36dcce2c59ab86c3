package io.lightcloud.monitoring.access;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.Fault;
import io.lightcloud.common.api.FaultWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Admits Prometheus's discovery requests and Alertmanager's notifications only with the scrape credential. */
public final class MachineAccessFilter extends OncePerRequestFilter {
    private final ScrapeCredential credential;
    private final FaultWriter faultWriter;

    public MachineAccessFilter(ScrapeCredential credential, FaultWriter faultWriter) {
        this.credential = requireNonNull(credential, "credential is null");
        this.faultWriter = requireNonNull(faultWriter, "faultWriter is null");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (credential.admits(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"lightcloud-monitoring\"");
        faultWriter.write(request, response, new Fault(401, "Monitoring discovery and the alert receiver need the "
                + "scrape credential (the controller's metrics credential) as a bearer token.", null));
    }
}
