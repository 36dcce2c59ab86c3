package io.lightcloud.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's pages and the console page carry browser security headers; API answers do not need them. */
class PageSecurityHeadersTest extends ServerTestBase {
    @Test
    void everyCopyOfTheDashboardPageCarriesTheSecurityHeaders() {
        ApiClient api = api();
        for (String path : new String[] {"/", "/index.html", "/instances", "/lightcloud/v1/console/vnc.html?token=x"}) {
            ApiClient.Response page = api.get(path, null);
            assertThat(page.status()).as(path).isEqualTo(200);
            String policy = page.header("Content-Security-Policy");
            assertThat(policy).as(path).contains("default-src 'self'", "script-src 'self'", "connect-src 'self'",
                    "object-src 'none'", "frame-ancestors 'self'");
            assertThat(policy).as("no inline or evaluated scripts").doesNotContain("unsafe-eval")
                    .doesNotContain("script-src 'self' 'unsafe-inline'");
            assertThat(page.header("X-Frame-Options")).as(path).isEqualTo("SAMEORIGIN");
            assertThat(page.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(page.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
    }

    @Test
    void assetsAreNotSniffed() {
        ApiClient api = api();
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(api.get("/", null).text());
        assertThat(script.find()).isTrue();
        ApiClient.Response asset = api.get(script.group(1), null);
        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void apiAnswersStayMinimal() {
        ApiClient.Response versions = api().get("/identity/v3", null);
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.header("Content-Security-Policy")).isNull();
        assertThat(versions.header("X-Frame-Options")).isNull();
    }
}
