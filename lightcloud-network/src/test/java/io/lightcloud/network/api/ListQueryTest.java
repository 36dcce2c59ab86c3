package io.lightcloud.network.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ListQueryTest {
    private static final List<Map<String, Object>> ITEMS = List.of(
            item("a", "web", true, List.of("red"), List.of(Map.of("ip_address", "10.0.0.5"))),
            item("b", "db", false, List.of("red", "blue"), List.of(Map.of("ip_address", "10.0.0.6"))),
            item("c", "web", false, List.of(), List.of()));

    private static Map<String, Object> item(String id, String name, boolean shared, List<String> tags,
            List<Map<String, String>> fixedIps) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("name", name);
        item.put("shared", shared);
        item.put("tags", tags);
        item.put("fixed_ips", fixedIps);
        return item;
    }

    private static Map<String, Object> answer(String... parameters) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/network/v2.0/networks");
        for (int i = 0; i < parameters.length; i += 2) {
            request.addParameter(parameters[i], parameters[i + 1]);
        }
        return new ListQuery(request, "http://cloud").answer("networks", ITEMS);
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> answer) {
        List<String> ids = new ArrayList<>();
        ((List<Map<String, Object>>) answer.get("networks")).forEach(item -> ids.add((String) item.get("id")));
        return ids;
    }

    @Test
    void filtersByAttributesListsAndTags() {
        assertThat(ids(answer("name", "web"))).containsExactly("a", "c");
        assertThat(ids(answer("name", "web", "name", "db"))).containsExactly("a", "b", "c");
        assertThat(ids(answer("shared", "True"))).containsExactly("a");
        assertThat(ids(answer("fixed_ips", "ip_address=10.0.0.6"))).containsExactly("b");
        assertThat(ids(answer("tags", "red,blue"))).containsExactly("b");
        assertThat(ids(answer("tags-any", "blue,red"))).containsExactly("a", "b");
        assertThat(ids(answer("not-tags-any", "red"))).containsExactly("c");
        assertThat(ids(answer("not-tags", "red,blue"))).containsExactly("a", "c");
    }

    @Test
    @SuppressWarnings("unchecked")
    void sortsPagesAndProjects() {
        assertThat(ids(answer("sort_key", "name", "sort_dir", "desc"))).containsExactly("a", "c", "b");
        Map<String, Object> first = answer("limit", "2");
        assertThat(ids(first)).containsExactly("a", "b");
        Map<String, Object> next = ((List<Map<String, Object>>) first.get("networks_links")).get(0);
        assertThat(next.get("rel")).isEqualTo("next");
        assertThat((String) next.get("href")).startsWith("http://cloud/network/v2.0/networks?").contains("marker=b");
        Map<String, Object> last = answer("limit", "2", "marker", "b");
        assertThat(ids(last)).containsExactly("c");
        assertThat(((List<Map<String, Object>>) last.get("networks_links")).get(0).get("rel")).isEqualTo("previous");
        assertThat(ids(answer("limit", "2", "marker", "c", "page_reverse", "True"))).containsExactly("a", "b");
        Map<String, Object> projected = ((List<Map<String, Object>>) answer("fields", "id", "fields", "name")
                .get("networks")).get(0);
        assertThat(projected).containsOnlyKeys("id", "name");
        assertThatThrownBy(() -> answer("marker", "zzz")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> answer("limit", "-1")).isInstanceOf(ApiException.class);
    }
}
