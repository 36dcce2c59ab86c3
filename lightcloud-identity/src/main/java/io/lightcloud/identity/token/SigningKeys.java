package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The HMAC keys that sign tokens, kept in the database so that every controller shares them and tokens survive
 * restarts. The newest key signs; every stored key verifies, which leaves room for rotation.
 */
public class SigningKeys {
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final Map<String, byte[]> keys;
    private final String signingKeyId;

    private SigningKeys(Map<String, byte[]> keys, String signingKeyId) {
        this.keys = Map.copyOf(keys);
        this.signingKeyId = requireNonNull(signingKeyId, "signingKeyId is null");
    }

    static SigningKeys of(Map<String, byte[]> keys, String signingKeyId) {
        return new SigningKeys(keys, signingKeyId);
    }

    public static SigningKeys load(JdbcClient jdbc) {
        List<Map<String, Object>> rows = readAll(jdbc);
        if (rows.isEmpty()) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            try {
                jdbc.sql("INSERT INTO identity_token_key (id, secret, created_at) VALUES (?, ?, ?)")
                        .params("k1", Base64.getEncoder().encodeToString(secret), OffsetDateTime.now(ZoneOffset.UTC))
                        .update();
                log.info("Created the first token signing key");
            } catch (DuplicateKeyException anotherControllerWon) {
                log.info("Another controller created the first token signing key; using it");
            }
            rows = readAll(jdbc);
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String newest = null;
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            keys.put(id, Base64.getDecoder().decode((String) row.get("secret")));
            newest = id;
        }
        return new SigningKeys(keys, newest);
    }

    private static List<Map<String, Object>> readAll(JdbcClient jdbc) {
        return jdbc.sql("SELECT id, secret FROM identity_token_key ORDER BY created_at, id").query().listOfRows();
    }

    public String signingKeyId() {
        return signingKeyId;
    }

    public byte[] key(String id) {
        return keys.get(id);
    }
}
