package io.lightcloud.compute.keypair;

import io.lightcloud.common.api.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Key pair material in Nova's formats: OpenSSH public keys with the MD5 fingerprint Nova shows
 * ({@code aa:bb:...}), PEM certificates with their SHA-1 fingerprint, and generated RSA key pairs whose private
 * key is a PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}) that ssh reads, as Nova's generated keys are.
 */
public final class KeyMaterial {
    private static final Set<String> SSH_TYPES = Set.of("ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    private KeyMaterial() {
    }

    public record Generated(String publicKey, String privateKeyPem, String fingerprint) {
    }

    /** The fingerprint of an OpenSSH public key line; a malformed key is a 400 in Nova's words. */
    public static String sshFingerprint(String publicKey) {
        String[] parts = publicKey.trim().split("\\s+");
        if (parts.length < 2 || !SSH_TYPES.contains(parts[0])) {
            throw invalid();
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        if (buffer.remaining() < 4) {
            throw invalid();
        }
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()
                || !new String(blob, 4, length, StandardCharsets.US_ASCII).equals(parts[0])) {
            throw invalid();
        }
        return colonHex(digest("MD5", blob));
    }

    /** The fingerprint of a PEM X.509 certificate, for key pairs of type {@code x509}. */
    public static String x509Fingerprint(String pem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return colonHex(digest("SHA-1", certificate.getEncoded()));
        } catch (CertificateException | ClassCastException e) {
            throw ApiException.badRequest("Keypair data is invalid: failed to generate fingerprint");
        }
    }

    public static Generated generateRsa(String comment) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(blob);
            writeString(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
            writeString(out, publicKey.getPublicExponent().toByteArray());
            writeString(out, publicKey.getModulus().toByteArray());
            byte[] bytes = blob.toByteArray();
            String openssh = "ssh-rsa " + Base64.getEncoder().encodeToString(bytes) + " " + comment;
            byte[] pkcs1 = pkcs1FromPkcs8(pair.getPrivate().getEncoded());
            String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1)
                    + "\n-----END RSA PRIVATE KEY-----\n";
            return new Generated(openssh, pem, colonHex(digest("MD5", bytes)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is unavailable", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unwraps the RSAPrivateKey that a PKCS#8 PrivateKeyInfo carries in its OCTET STRING. */
    static byte[] pkcs1FromPkcs8(byte[] der) {
        ByteBuffer in = ByteBuffer.wrap(der);
        expectTag(in, 0x30);
        readLength(in);
        expectTag(in, 0x02);
        skip(in, readLength(in));
        expectTag(in, 0x30);
        skip(in, readLength(in));
        expectTag(in, 0x04);
        int length = readLength(in);
        byte[] inner = new byte[length];
        in.get(inner);
        return inner;
    }

    private static void skip(ByteBuffer in, int length) {
        in.position(in.position() + length);
    }

    private static void expectTag(ByteBuffer in, int tag) {
        int actual = in.get() & 0xff;
        if (actual != tag) {
            throw new IllegalStateException("unexpected DER tag " + actual + ", expected " + tag);
        }
    }

    private static int readLength(ByteBuffer in) {
        int first = in.get() & 0xff;
        if (first < 0x80) {
            return first;
        }
        int bytes = first & 0x7f;
        int length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (in.get() & 0xff);
        }
        return length;
    }

    private static void writeString(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is unavailable", e);
        }
    }

    private static String colonHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }

    private static ApiException invalid() {
        return ApiException.badRequest("Keypair data is invalid: failed to generate fingerprint");
    }
}
