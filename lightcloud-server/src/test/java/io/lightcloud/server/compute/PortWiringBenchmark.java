package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Port create to wired on the all-in-one host, against the same Linux work done by a shell script. Run by
 * bench/port-wiring-bench.sh, which sets {@code lightcloud.bench.port-wiring} to the result file.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "lightcloud.bench.port-wiring", matches = ".+")
class PortWiringBenchmark extends LocalAgentServerTestBase {
    private static final Path NETWORK_STATE = Path.of("/run/lightcloud/network");

    @Test
    void portCreateToWiredAgainstRawCommands() throws IOException, InterruptedException {
        int runs = Integer.getInteger("lightcloud.bench.runs", 30);
        Path rawScript = Path.of(System.getProperty("lightcloud.bench.raw-script"));
        String hostId = api.get("/lightcloud/v1/hosts", admin).json().get("hosts").get(0).get("id").stringValue();
        String network = neutron("networks", "network", Map.of("name", unique("bench")));
        neutron("subnets", "subnet", Map.of("network_id", network, "cidr", "10.70.0.0/22", "ip_version", 4));

        List<Long> wired = new ArrayList<>();
        List<Long> raw = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (int run = -1; run < runs; run++) {
            long start = System.nanoTime();
            ApiClient.Response created = api.post("/network/v2.0/ports", admin, Map.of("port", Map.of(
                    "network_id", network, "binding:host_id", hostId, "device_owner", "compute:nova",
                    "device_id", UUID.randomUUID().toString())));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String port = created.json().at("/port/id").stringValue();
            String mac = created.json().at("/port/mac_address").stringValue();
            awaitWired(network, port, mac);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            ports.add(port);
            if (run < 0) {
                continue;
            }
            wired.add(elapsed);
            Path scratch = Files.createTempDirectory(DIR, "raw");
            Process script = new ProcessBuilder(rawScript.toString(), "lcbr-" + network.substring(0, 8),
                    scratch.toString(), dnsmasqPid(network)).redirectErrorStream(true).start();
            String out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(script.waitFor()).as(out).isZero();
            raw.add(Long.parseLong(out.replaceAll("(?s).*wired_ms=(\\d+).*", "$1")));
        }
        ports.forEach(port -> api.delete("/network/v2.0/ports/" + port, admin));
        api.delete("/network/v2.0/networks/" + network, admin);

        String result = String.format(Locale.ROOT, """
                runs=%d
                port_create_to_wired_ms median=%d p99=%d max=%d
                raw_wiring_ms median=%d p99=%d
                ratio_of_medians=%.1f
                """, runs, percentile(wired, 50), percentile(wired, 99), Collections.max(wired),
                percentile(raw, 50), percentile(raw, 99),
                (double) percentile(wired, 50) / Math.max(1, percentile(raw, 50)));
        Files.writeString(Path.of(System.getProperty("lightcloud.bench.port-wiring")), result);
    }

    /** Polls (every 5 ms) what "wired" means: tap on the bridge, DHCP host line, port in the nftables table. */
    private void awaitWired(String network, String port, String mac) throws IOException, InterruptedException {
        String tap = "tap" + port.substring(0, 11);
        Path master = Path.of("/sys/class/net", tap, "master");
        Path hosts = NETWORK_STATE.resolve("dhcp").resolve(network).resolve("hosts");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!(Files.exists(master) && Files.exists(hosts) && Files.readString(hosts).contains(mac)
                && nftHas(tap))) {
            assertThat(System.nanoTime()).as("port " + port + " wired within 60 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static boolean nftHas(String tap) throws IOException, InterruptedException {
        Process nft = new ProcessBuilder("nft", "list", "table", "bridge", "lightcloud").redirectErrorStream(true)
                .start();
        String rules = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        nft.waitFor();
        return rules.contains(tap);
    }

    private static String dnsmasqPid(String network) throws IOException {
        return Files.readString(NETWORK_STATE.resolve("dhcp").resolve(network).resolve("pid")).strip();
    }

    private String neutron(String collection, String singular, Map<String, Object> attributes) {
        ApiClient.Response response = api.post("/network/v2.0/" + collection, admin, Map.of(singular, attributes));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(singular).get("id").stringValue();
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
