package io.lightcloud.loadtest.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loads .jmx plans with JMeter's own SaveService and checks the scenario they become, and the plans refused. */
class JmxCompilerTest {
    /** The plan the end-to-end tests run (lightcloud-server's test resources). */
    private static final Path PLAN = Path.of("../lightcloud-server/src/test/resources/loadtest/login-checkout.jmx");

    @TempDir
    Path dataDir;

    private static String plan(String extra) throws IOException {
        return Files.readString(PLAN).replace("@PORT@", "8081").replace("@LOOPS@", "5").replace("@THREADS@", "4")
                .replace("@EXTRA@", extra);
    }

    @Test
    void translatesEverySupportedElement() throws IOException {
        JmxCompiler.Compiled compiled = new JmxCompiler(dataDir).compile(plan(""),
                Map.of("users.csv", "u1,s1\nu2,s2\n"));
        JsonNode scenario = JsonMapper.builder().build().valueToTree(compiled.scenario());
        assertThat(scenario.path("load").path("users").asInt()).isEqualTo(4);
        assertThat(scenario.path("load").path("loops").asInt()).isEqualTo(5);
        assertThat(scenario.path("variables").path("host").asString()).isEqualTo("127.0.0.1");
        assertThat(scenario.path("cookies").asBoolean()).isTrue();
        JsonNode set = scenario.path("data_sets").get(0);
        assertThat(set.path("name").asString()).isEqualTo("users.csv");
        assertThat(set.path("rows").size()).isEqualTo(2);
        assertThat(set.path("recycle").asBoolean()).isFalse();
        JsonNode transaction = scenario.path("steps").get(0);
        assertThat(transaction.path("type").asString()).isEqualTo("transaction");
        assertThat(transaction.path("label").asString()).isEqualTo("checkout");
        JsonNode login = transaction.path("steps").get(0);
        assertThat(login.path("url").asString()).isEqualTo("http://${host}:8081/login?user=${user}");
        assertThat(login.path("headers").path("X-Test").asString()).isEqualTo("lightcloud");
        assertThat(login.path("extractors").get(0).path("variable").asString()).isEqualTo("token");
        assertThat(login.path("extractors").get(0).path("group").asInt()).isEqualTo(1);
        assertThat(login.path("assertions").get(0).path("type").asString()).isEqualTo("json");
        assertThat(login.path("assertions").get(0).path("expected_is_regex").asBoolean()).isTrue();
        assertThat(login.path("think_time").path("constant_ms").asInt()).isEqualTo(1);
        assertThat(login.path("think_time").path("random_ms").asInt()).isEqualTo(2);
        JsonNode item = transaction.path("steps").get(1);
        assertThat(item.path("url").asString()).isEqualTo("http://${host}:8081/item?token=${token}");
        assertThat(item.path("assertions").get(0).path("type").asString()).isEqualTo("regex");
    }

    @Test
    void refusesUnsupportedElementsWithTheirList() throws IOException {
        String ifController = "<IfController guiclass=\"IfControllerPanel\" testclass=\"IfController\" "
                + "testname=\"only sometimes\"><stringProp name=\"IfController.condition\">true</stringProp>"
                + "</IfController><hashTree/>";
        assertThatThrownBy(() -> new JmxCompiler(dataDir).compile(plan(ifController), Map.of("users.csv", "u1,s1")))
                .isInstanceOf(PlanProblem.class).hasMessageContaining("IfControllerPanel 'only sometimes'")
                .hasMessageContaining("strict mode");
    }

    @Test
    void refusesUnknownFunctions() throws IOException {
        String withFunction = plan("").replace("${user}", "${__groovy(1+1)}");
        assertThatThrownBy(() -> new JmxCompiler(dataDir).compile(withFunction, Map.of("users.csv", "u1,s1")))
                .isInstanceOf(PlanProblem.class).hasMessageContaining("function __groovy");
    }

    @Test
    void refusesMalformedXmlAndMissingDataFiles() throws IOException {
        assertThatThrownBy(() -> new JmxCompiler(dataDir).compile("<jmeterTestPlan><hashTree>", Map.of()))
                .isInstanceOf(PlanProblem.class).hasMessageStartingWith("The .jmx is not a plan JMeter 5.6.3 can load");
        assertThatThrownBy(() -> new JmxCompiler(dataDir).compile(plan(""), Map.of()))
                .isInstanceOf(PlanProblem.class).hasMessageContaining("upload it as data file 'users.csv'");
        assertThat(List.of(dataDir.toFile().list())).isNotEmpty();
    }
}
