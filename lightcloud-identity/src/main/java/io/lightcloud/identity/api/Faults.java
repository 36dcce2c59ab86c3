package io.lightcloud.identity.api;

import io.lightcloud.common.api.ApiException;

/** Keystone's wording for its common faults, which clients and operators recognise. */
public final class Faults {
    private Faults() {
    }

    public static ApiException notFound(String kind, String id) {
        return ApiException.notFound("Could not find " + kind + ": " + id + ".");
    }

    public static ApiException duplicate(String kind, String detail) {
        return ApiException.conflict("Conflict occurred attempting to store " + kind + " - " + detail + ".");
    }

    public static ApiException unauthenticated() {
        return ApiException.unauthorized("The request you have made requires authentication.");
    }
}
