package io.lightcloud.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.BrowserScript;
import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard speaks English and Chinese completely: both message files have the same keys and no empty message,
 * and the pages, visited in headless Chromium by an English and a Chinese browser, show no raw message key.
 */
@Tag("browser")
class DashboardI18nTest extends ServerTestBase {
    private static final Path MESSAGES = BrowserScript.webDirectory().resolve("src/i18n");

    @Test
    void bothLanguagesHaveTheSameMessageKeys() throws IOException {
        Map<String, String> en = messages("en.json");
        Map<String, String> zh = messages("zh-CN.json");
        assertThat(zh.keySet()).as("zh-CN keys").containsExactlyElementsOf(en.keySet());
        assertThat(en).as("empty English messages").doesNotContainValue("");
        assertThat(zh).as("empty Chinese messages").doesNotContainValue("");
        assertThat(zh.entrySet().stream().filter(e -> e.getValue().matches("[\\x00-\\x7F]+")
                && !e.getValue().equals(en.get(e.getKey()))).toList())
                .as("Chinese messages neither Chinese nor the same as the English (IPv4, DHCP)").isEmpty();
    }

    @Test
    void testedPagesShowNoRawMessageKeysInEitherLanguage() {
        BrowserScript.Outcome outcome = BrowserScript.of("i18n-pages.mjs", Map.of("BASE_URL", api().baseUrl(),
                "USERNAME", "admin", "PASSWORD", ADMIN_PASSWORD)).run();
        assertThat(outcome.succeeded()).as(outcome.output()).isTrue();
        assertThat(outcome.results().get("pagesChecked").intValue()).isEqualTo(2 * 19);
    }

    @Test
    void clientRoutesServeTheAppAndApiPathsKeepTheirFaults() {
        ApiClient api = api();
        for (String path : new String[] {"/", "/instances", "/admin/hypervisors", "/login"}) {
            ApiClient.Response page = api.get(path, null);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.text()).as(path).contains("<div id=\"app\">");
        }
        ApiClient.Response unknown = api.get("/compute/v2.1/no-such-thing", adminToken());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text()).doesNotContain("<div id=\"app\">");
        assertThat(api.get("/no-such-page", null).status()).isEqualTo(404);
    }

    private static Map<String, String> messages(String file) throws IOException {
        Map<String, String> flat = new TreeMap<>();
        flatten("", JsonMapper.builder().build().readTree(Files.readString(MESSAGES.resolve(file))), flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), into));
        } else {
            into.put(prefix, node.stringValue());
        }
    }
}
