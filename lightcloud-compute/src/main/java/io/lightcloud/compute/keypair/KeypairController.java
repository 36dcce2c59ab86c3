package io.lightcloud.compute.keypair;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaLinks;
import io.lightcloud.compute.api.NovaPage;
import io.lightcloud.compute.api.NovaQueryParameters;
import io.lightcloud.compute.api.NovaTimes;
import io.lightcloud.compute.quota.QuotaExceededException;
import io.lightcloud.compute.quota.QuotaLedger;
import io.lightcloud.compute.quota.QuotaLimits;
import io.lightcloud.compute.quota.QuotaResource;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Nova's {@code os-keypairs}. Key pairs belong to a user, so another user's key pair is 404 (admins may name a
 * user from 2.10). Generated private keys are returned once and never stored.
 */
@RestController
@RequestMapping("/compute/v2.1/os-keypairs")
public class KeypairController {
    private static final Logger log = LoggerFactory.getLogger(KeypairController.class);
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9 _-]{1,255}$");
    private static final Set<String> LIST_PARAMETERS = Set.of("user_id", "limit", "marker");

    private final KeypairRepository keypairs;
    private final QuotaLedger ledger;
    private final QuotaLimits limits;
    private final NovaLinks links;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public KeypairController(KeypairRepository keypairs, QuotaLedger ledger, QuotaLimits limits, NovaLinks links,
            PolicyEnforcer policy, Transactions transactions) {
        this.keypairs = requireNonNull(keypairs, "keypairs is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.links = requireNonNull(links, "links is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam(name = "user_id", required = false) String user,
            HttpServletRequest request) {
        String userId = userId(caller, user, request);
        policy.enforce("os_compute_api:os-keypairs:index", caller, Map.of("target.user_id", userId));
        boolean paged = ComputeApiVersion.atLeast(request, 2, 35);
        NovaQueryParameters.refuseUnknown(request, LIST_PARAMETERS);
        List<Keypair> all = keypairs.list(userId);
        NovaPage page = paged ? NovaPage.of(request) : new NovaPage(Integer.MAX_VALUE, null);
        int start = 0;
        if (page.marker() != null) {
            start = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).name().equals(page.marker())) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw ApiException.badRequest("Marker " + page.marker() + " could not be found.");
            }
        }
        List<Keypair> items = all.subList(start, (int) Math.min(all.size(), (long) start + page.limit()));
        boolean typed = ComputeApiVersion.atLeast(request, 2, 2);
        List<Map<String, Object>> views = new ArrayList<>();
        for (Keypair keypair : items) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", keypair.name());
            view.put("public_key", keypair.publicKey());
            view.put("fingerprint", keypair.fingerprint());
            if (typed) {
                view.put("type", keypair.type());
            }
            views.add(Map.of("keypair", view));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keypairs", views);
        if (paged) {
            List<Map<String, Object>> next = links.next(request, "os-keypairs", page, items.size(),
                    items.isEmpty() ? null : items.get(items.size() - 1).name());
            if (!next.isEmpty()) {
                body.put("keypairs_links", next);
            }
        }
        return body;
    }

    @GetMapping("/{name}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String name,
            @RequestParam(name = "user_id", required = false) String user, HttpServletRequest request) {
        String userId = userId(caller, user, request);
        policy.enforce("os_compute_api:os-keypairs:show", caller, Map.of("target.user_id", userId));
        Keypair keypair = keypairs.find(userId, name).orElseThrow(() -> notFound(name, userId));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created_at", NovaTimes.micros(keypair.createdAt()));
        view.put("deleted", false);
        view.put("deleted_at", null);
        view.put("fingerprint", keypair.fingerprint());
        view.put("id", keypair.id());
        view.put("name", keypair.name());
        view.put("public_key", keypair.publicKey());
        view.put("updated_at", null);
        view.put("user_id", keypair.userId());
        if (ComputeApiVersion.atLeast(request, 2, 2)) {
            view.put("type", keypair.type());
        }
        return Map.of("keypair", view);
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        boolean typed = ComputeApiVersion.atLeast(request, 2, 2);
        Set<String> allowed = ComputeApiVersion.atLeast(request, 2, 10) ? Set.of("name", "public_key", "type", "user_id")
                : typed ? Set.of("name", "public_key", "type") : Set.of("name", "public_key");
        JsonFields in = JsonFields.of(body, "keypair").allowOnly(allowed);
        String userId = in.string("user_id", 255).orElse(caller.userId());
        policy.enforce("os_compute_api:os-keypairs:create", caller, Map.of("target.user_id", userId));
        String name = in.requiredString("name", 255).strip();
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("Keypair data is invalid: Keypair name contains unsafe characters");
        }
        String type = in.string("type", 8).orElse("ssh");
        if (!type.equals("ssh") && !type.equals("x509")) {
            throw ApiException.badRequest("Invalid input for field 'keypair.type': '" + type
                    + "' is not one of ['ssh', 'x509'].");
        }
        String publicKey = in.string("public_key", 16384).orElse(null);
        String privateKey = null;
        String fingerprint;
        if (publicKey != null) {
            fingerprint = type.equals("ssh") ? KeyMaterial.sshFingerprint(publicKey)
                    : KeyMaterial.x509Fingerprint(publicKey);
        } else if (type.equals("ssh")) {
            KeyMaterial.Generated generated = KeyMaterial.generateRsa("Generated-by-Nova");
            publicKey = generated.publicKey();
            privateKey = generated.privateKeyPem();
            fingerprint = generated.fingerprint();
        } else {
            throw ApiException.badRequest("Keypair data is invalid: generating x509 key pairs is not supported; "
                    + "import a certificate as public_key.");
        }
        String key = publicKey;
        Keypair created;
        try {
            created = transactions.run(() -> {
                long limit = limits.limit(caller.projectId(), QuotaResource.KEY_PAIRS);
                try {
                    ledger.consume(QuotaLedger.user(userId), Map.of(QuotaResource.KEY_PAIRS, 1L),
                            Map.of(QuotaResource.KEY_PAIRS, limit));
                } catch (QuotaExceededException e) {
                    throw new QuotaExceededException("Quota exceeded, too many key pairs.");
                }
                return keypairs.insert(userId, name, type, fingerprint, key,
                        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            });
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("Key pair '" + name + "' already exists.");
        }
        log.info("Created key pair user_id={} name={} type={} generated={}", userId, name, type, privateKey != null);
        Map<String, Object> view = new LinkedHashMap<>();
        if (privateKey != null) {
            view.put("private_key", privateKey);
        }
        if (typed) {
            view.put("type", type);
        }
        view.put("name", created.name());
        view.put("public_key", created.publicKey());
        view.put("fingerprint", created.fingerprint());
        view.put("user_id", created.userId());
        return ResponseEntity.status(typed ? HttpStatus.CREATED : HttpStatus.OK).body(Map.of("keypair", view));
    }

    @DeleteMapping("/{name}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String name,
            @RequestParam(name = "user_id", required = false) String user, HttpServletRequest request) {
        String userId = userId(caller, user, request);
        policy.enforce("os_compute_api:os-keypairs:delete", caller, Map.of("target.user_id", userId));
        boolean deleted = transactions.run(() -> {
            if (!keypairs.delete(userId, name)) {
                return false;
            }
            ledger.add(QuotaLedger.user(userId), QuotaResource.KEY_PAIRS, -1);
            return true;
        });
        if (!deleted) {
            throw notFound(name, userId);
        }
        log.info("Deleted key pair user_id={} name={}", userId, name);
        return ResponseEntity.status(ComputeApiVersion.atLeast(request, 2, 2) ? HttpStatus.NO_CONTENT
                : HttpStatus.ACCEPTED).build();
    }

    private static String userId(AuthContext caller, String requested, HttpServletRequest request) {
        return requested != null && ComputeApiVersion.atLeast(request, 2, 10) ? requested : caller.userId();
    }

    private static ApiException notFound(String name, String userId) {
        return ApiException.notFound("Keypair " + name + " not found for user " + userId);
    }
}
