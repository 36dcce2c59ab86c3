package io.lightcloud.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Pins the console tunnel document to the example in docs/agent-protocol.md, read from the file itself. */
class ConsoleTunnelRequestsTest {
    private static final Path PROTOCOL_DOC = Path.of("..", "docs", "agent-protocol.md");
    private final ObjectMapper mapper = JsonMapper.builder().build();

    @Test
    void readsAndWritesTheDocumentedExample() throws IOException {
        String documented = documentedExample("{\"tunnels\":");
        ConsoleTunnelRequests read = mapper.readValue(documented, ConsoleTunnelRequests.class);
        assertThat(read).isEqualTo(new ConsoleTunnelRequests(List.of(new ConsoleTunnelRequest("<random>", "<server>",
                "/lightcloud/v1/agent/console-tunnels/<id>"))));
        assertThat(mapper.readTree(mapper.writeValueAsString(read))).isEqualTo(mapper.readTree(documented));
    }

    @Test
    void noTunnelsIsAnEmptyList() {
        assertThat(mapper.writeValueAsString(new ConsoleTunnelRequests(List.of()))).isEqualTo("{\"tunnels\":[]}");
        assertThat(mapper.readValue("{}", ConsoleTunnelRequests.class).tunnels()).isEmpty();
    }

    /** The first inline code span of the protocol document that starts with {@code prefix}. */
    private static String documentedExample(String prefix) throws IOException {
        Matcher code = Pattern.compile("`(" + Pattern.quote(prefix) + "[^`]*)`").matcher(Files.readString(PROTOCOL_DOC));
        assertThat(code.find()).as("an example starting with " + prefix + " in " + PROTOCOL_DOC).isTrue();
        return code.group(1);
    }
}
