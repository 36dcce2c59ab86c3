package io.lightcloud.network.api;

import io.lightcloud.common.api.JsonFields;
import java.util.Set;

/** Checks shared by every resource's request bodies. */
public final class Requests {
    private Requests() {
    }

    /** Neutron refuses attributes it does not know, and those that may not be changed, naming them. */
    public static void allowOnly(JsonFields in, Set<String> allowed) {
        for (String name : in.names()) {
            if (!allowed.contains(name)) {
                throw NeutronFaults.badRequest("Unrecognized attribute(s) '" + name + "'");
            }
        }
    }

    public static String name(JsonFields in, String current) {
        return in.has("name") ? in.string("name", 255).orElse("") : current;
    }

    public static String description(JsonFields in, String current) {
        return in.has("description") ? in.string("description", 255).orElse("") : current;
    }
}
