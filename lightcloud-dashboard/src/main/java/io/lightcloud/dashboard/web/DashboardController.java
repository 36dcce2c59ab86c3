package io.lightcloud.dashboard.web;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the dashboard's single page for its client-side routes, so that a reload or a bookmarked link of a page
 * works, and serves it at {@code /} too, so that every copy of the page carries {@link PageSecurityHeaders}. Only the
 * app's own route prefixes are listed: API paths keep their own 404 faults. The built assets under {@code /assets} are
 * Spring Boot's static resources ({@code classpath:/static}).
 */
@RestController
public class DashboardController {
    private static final Resource INDEX = new ClassPathResource("static/index.html");

    @GetMapping(value = {"/", "/index.html", "/login", "/overview", "/instances", "/instances/**", "/images",
            "/images/**", "/volumes", "/volumes/**", "/keypairs", "/networks", "/networks/**", "/routers",
            "/routers/**", "/security-groups", "/security-groups/**", "/floating-ips", "/usage", "/admin/**",
            "/alerts/**", "/loadtest", "/loadtest/**", "/lightcloud/v1/console/vnc.html"},
            produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<Resource> page() {
        if (!INDEX.exists()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).headers(PageSecurityHeaders.page())
                .contentType(MediaType.TEXT_HTML).body(INDEX);
    }
}
