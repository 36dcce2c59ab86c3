package io.lightcloud.agent.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A snapshot of the links of one namespace, from {@code ip -d -j link show}. */
public final class LinkTable {
    private final Map<String, JsonNode> links = new LinkedHashMap<>();

    public LinkTable(JsonNode json) {
        json.forEach(link -> links.put(link.path("ifname").asString(), link));
    }

    public static LinkTable ofHost(NetworkCommands commands) {
        return new LinkTable(commands.hostJson("ip", "-d", "-j", "link", "show"));
    }

    public static LinkTable of(NetworkCommands commands, String namespace) {
        return new LinkTable(commands.inJson(namespace, "ip", "-d", "-j", "link", "show"));
    }

    public boolean exists(String name) {
        return links.containsKey(name);
    }

    public Optional<JsonNode> get(String name) {
        return Optional.ofNullable(links.get(name));
    }

    public List<String> names() {
        return List.copyOf(links.keySet());
    }

    public String kind(String name) {
        return get(name).map(l -> l.path("linkinfo").path("info_kind").asString("")).orElse("");
    }

    /** Whether the link has the given MTU, master (null: any), and is administratively up. */
    public boolean matches(String name, int mtu, String master) {
        return matches(name, mtu, master, true);
    }

    /** Whether the link has the given MTU, master (null: any), and administrative state. */
    public boolean matches(String name, int mtu, String master, boolean up) {
        return get(name).map(link -> link.path("mtu").asInt() == mtu
                && (master == null || master.equals(link.path("master").asString(null)))
                && isUp(link) == up).orElse(false);
    }

    public Optional<String> mac(String name) {
        return get(name).map(l -> l.path("address").asString(""));
    }

    private static boolean isUp(JsonNode link) {
        for (JsonNode flag : link.path("flags")) {
            if (flag.asString().equals("UP")) {
                return true;
            }
        }
        return false;
    }
}
