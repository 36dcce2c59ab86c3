package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.token.TokenPayload.AppCredentialRef;
import io.lightcloud.identity.token.TokenPayload.RoleRef;
import io.lightcloud.identity.token.TokenPayload.Scope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serializes a {@link TokenPayload} into a signed, URL-safe token: {@code <key id>.<payload>.<HMAC-SHA256>}, the
 * payload being compact JSON in base64url. Verification is a MAC check in constant time and a JSON parse, with no
 * I/O.
 */
public class TokenCodec {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final SigningKeys keys;
    private final ObjectMapper mapper;

    public TokenCodec(SigningKeys keys, ObjectMapper mapper) {
        this.keys = requireNonNull(keys, "keys is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public String encode(TokenPayload payload) {
        String keyId = keys.signingKeyId();
        String body = ENCODER.encodeToString(mapper.writeValueAsBytes(toJson(payload)));
        String signed = keyId + "." + body;
        return signed + "." + ENCODER.encodeToString(mac(keys.key(keyId), signed));
    }

    /** @throws io.lightcloud.common.api.ApiException 401 for anything but an intact token signed by a known key */
    public TokenPayload decode(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw Faults.unauthenticated();
        }
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        if (first <= 0 || last <= first) {
            throw Faults.unauthenticated();
        }
        byte[] key = keys.key(token.substring(0, first));
        if (key == null) {
            throw Faults.unauthenticated();
        }
        try {
            byte[] presented = DECODER.decode(token.substring(last + 1));
            byte[] expected = mac(key, token.substring(0, last));
            if (!MessageDigest.isEqual(presented, expected)) {
                throw Faults.unauthenticated();
            }
            return fromJson(mapper.readTree(DECODER.decode(token.substring(first + 1, last))));
        } catch (IllegalArgumentException | JacksonException | NullPointerException malformed) {
            throw Faults.unauthenticated();
        }
    }

    private ObjectNode toJson(TokenPayload p) {
        ObjectNode node = mapper.createObjectNode();
        node.put("u", p.userId());
        node.put("un", p.userName());
        node.put("ud", p.userDomainId());
        node.put("udn", p.userDomainName());
        ArrayNode methods = node.putArray("m");
        p.methods().forEach(methods::add);
        Scope s = p.scope();
        if (s.isProject()) {
            node.put("p", s.projectId());
            node.put("pn", s.projectName());
            node.put("pd", s.projectDomainId());
            node.put("pdn", s.projectDomainName());
        } else if (s.isDomain()) {
            node.put("d", s.domainId());
            node.put("dn", s.domainName());
        }
        ArrayNode roles = node.putArray("r");
        for (RoleRef role : p.roles()) {
            roles.addArray().add(role.id()).add(role.name());
        }
        ArrayNode audit = node.putArray("a");
        p.auditIds().forEach(audit::add);
        node.put("iat", p.issuedAt().toEpochMilli());
        node.put("exp", p.expiresAt().toEpochMilli());
        AppCredentialRef appCred = p.applicationCredential();
        if (appCred != null) {
            node.putArray("ac").add(appCred.id()).add(appCred.name()).add(appCred.restricted());
        }
        return node;
    }

    private static TokenPayload fromJson(JsonNode n) {
        Scope scope = Scope.UNSCOPED;
        if (n.has("p")) {
            scope = Scope.project(n.get("p").stringValue(), n.get("pn").stringValue(), n.get("pd").stringValue(),
                    n.get("pdn").stringValue());
        } else if (n.has("d")) {
            scope = Scope.domain(n.get("d").stringValue(), n.get("dn").stringValue());
        }
        List<RoleRef> roles = new ArrayList<>();
        for (JsonNode role : n.get("r")) {
            roles.add(new RoleRef(role.get(0).stringValue(), role.get(1).stringValue()));
        }
        AppCredentialRef appCred = null;
        JsonNode ac = n.get("ac");
        if (ac != null) {
            appCred = new AppCredentialRef(ac.get(0).stringValue(), ac.get(1).stringValue(), ac.get(2).booleanValue());
        }
        return new TokenPayload(n.get("u").stringValue(), n.get("un").stringValue(), n.get("ud").stringValue(),
                n.get("udn").stringValue(), strings(n.get("m")), scope, roles, strings(n.get("a")),
                Instant.ofEpochMilli(n.get("iat").longValue()), Instant.ofEpochMilli(n.get("exp").longValue()), appCred);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.stringValue()));
        return values;
    }

    private static byte[] mac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
