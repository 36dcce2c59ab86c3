package io.lightcloud.compute.server;

import io.lightcloud.common.api.ApiException;
import java.security.SecureRandom;
import tools.jackson.databind.JsonNode;

/**
 * The {@code adminPass} of server create and rebuild answers. Nova returns one (the requested one, or a generated
 * one) while its {@code enable_instance_password} is on, which is its default and what clients such as Tempest
 * check. Lightcloud's guests get their credentials from key pairs and user data, so the password is only reported.
 */
final class AdminPasswords {
    // Nova's default symbols for generated passwords: no easily confused characters (0/O, 1/l/I).
    private static final String SYMBOLS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminPasswords() {
    }

    /** The {@code adminPass} of the request's {@code section} object, or a new random one when it has none. */
    static String requestedOrGenerated(JsonNode body, String section) {
        JsonNode requested = body == null ? null : body.path(section).get("adminPass");
        if (requested == null || requested.isNull()) {
            return generate();
        }
        if (!requested.isString()) {
            throw ApiException.badRequest("Invalid input for field '" + section + ".adminPass': it is not a string.");
        }
        return requested.stringValue();
    }

    static String generate() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(SYMBOLS.charAt(RANDOM.nextInt(SYMBOLS.length())));
        }
        return password.toString();
    }
}
