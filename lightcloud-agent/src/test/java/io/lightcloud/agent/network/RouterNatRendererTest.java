package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.network.NetworkDocument.FloatingIp;
import io.lightcloud.agent.network.NetworkDocument.Gateway;
import io.lightcloud.agent.network.NetworkDocument.Router;
import io.lightcloud.agent.network.NetworkDocument.RouterInterface;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterNatRendererTest {
    private static final Gateway GATEWAY = new Gateway("ext", "public", "99999999-0000-1111-2222-333333333333",
            "fa:16:3e:00:00:01", "203.0.113.10", "203.0.113.0/24", "203.0.113.1");
    private static final List<RouterInterface> INTERFACES = List.of(new RouterInterface("p", "n", "s",
            "fa:16:3e:00:00:02", "10.0.0.1", "10.0.0.0/24"));

    private final RouterNatRenderer renderer = new RouterNatRenderer();

    @Test
    void floatingIpsAndSnat() {
        Router router = new Router("r", true, true, GATEWAY, INTERFACES, List.of(),
                List.of(new FloatingIp("f", "203.0.113.20", "10.0.0.5")));
        assertThat(renderer.render(router))
                .startsWith("table ip lightcloud-nat\ndelete table ip lightcloud-nat\n")
                .contains("ip daddr 203.0.113.20 dnat to 10.0.0.5")
                .contains("oifname \"qg-99999999-00\" ip saddr 10.0.0.5 snat to 203.0.113.20\n"
                        + "    oifname \"qg-99999999-00\" ip saddr 10.0.0.0/24 snat to 203.0.113.10\n");
    }

    @Test
    void snatDisabledKeepsOnlyFloatingIps() {
        Router router = new Router("r", true, false, GATEWAY, INTERFACES, List.of(), List.of());
        assertThat(renderer.render(router)).doesNotContain("snat to");
    }

    @Test
    void withoutGatewayTheTableIsOnlyRemoved() {
        Router router = new Router("r", true, true, null, INTERFACES, List.of(), List.of());
        assertThat(renderer.render(router)).isEqualTo("table ip lightcloud-nat\ndelete table ip lightcloud-nat\n");
    }
}
