package io.lightcloud.loadgen.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TemplateTest {
    private static final class User implements Template.Context {
        final Map<String, String> variables = new HashMap<>(Map.of("user", "u7", "host", "127.0.0.1"));
        long counter;

        @Override
        public Map<String, String> variables() {
            return variables;
        }

        @Override
        public int threadNumber() {
            return 3;
        }

        @Override
        public long nextUserCounter() {
            return ++counter;
        }
    }

    @Test
    void rendersVariablesAndFunctionsAndLeavesUnknownReferencesAsWritten() {
        User user = new User();
        Template template = Template.parse("http://${host}/login?u=${user}&n=${__threadNum}&c=${__counter(TRUE,)}"
                + "&r=${__Random(5,5)}&x=${missing}");
        assertThat(template.render(user)).isEqualTo("http://127.0.0.1/login?u=u7&n=3&c=1&r=5&x=${missing}");
        assertThat(template.render(user)).contains("&c=2&");
        assertThat(Template.parse("${__groovy(1)}").render(user)).isEqualTo("${__groovy(1)}");
    }

    @Test
    void jsonPathsSelectTheSupportedSubset() {
        var json = JsonMapper.builder().build().readTree("{\"a\":{\"b\":[{\"c\":\"x\"}],\"d e\":1}}");
        assertThat(JsonPaths.select(json, JsonPaths.parse("$.a.b[0].c")).asString()).isEqualTo("x");
        assertThat(JsonPaths.select(json, JsonPaths.parse("$.a['d e']")).asInt()).isEqualTo(1);
        assertThat(JsonPaths.select(json, JsonPaths.parse("$.nothing")).isMissingNode()).isTrue();
        assertThat(JsonPaths.parse("$")).isEqualTo(List.of());
    }
}
