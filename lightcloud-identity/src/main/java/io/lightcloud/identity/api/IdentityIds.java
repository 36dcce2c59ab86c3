package io.lightcloud.identity.api;

import java.util.UUID;

/** Keystone's id form: a UUID4 as 32 lower-case hex digits. */
public final class IdentityIds {
    private IdentityIds() {
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
