package io.lightcloud.compute.keypair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {
    @Test
    void generatedKeysAreReadBySshKeygenAndCarryTheFingerprintOfTheirPublicKey(@TempDir Path dir) throws Exception {
        KeyMaterial.Generated generated = KeyMaterial.generateRsa("Generated-by-Nova");
        assertThat(generated.privateKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        assertThat(generated.publicKey()).startsWith("ssh-rsa ").endsWith(" Generated-by-Nova");
        assertThat(KeyMaterial.sshFingerprint(generated.publicKey())).isEqualTo(generated.fingerprint());
        assertThat(generated.fingerprint()).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");

        Path key = dir.resolve("id_rsa");
        Files.writeString(key, generated.privateKeyPem(), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Process process = new ProcessBuilder("ssh-keygen", "-y", "-f", key.toString()).redirectErrorStream(true)
                .start();
        String derived = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(process.waitFor()).as(derived).isZero();
        assertThat(generated.publicKey()).startsWith(derived);
    }

    @Test
    void importedKeysAreCheckedAndFingerprinted() {
        String known = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9pQ1hm3T5w1Bq7mTiUDq6x5Jt9n6bE6Hhl8Oj3wQ7y test";
        assertThat(KeyMaterial.sshFingerprint(known)).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
        assertThatThrownBy(() -> KeyMaterial.sshFingerprint("ssh-rsa not-base64!"))
                .isInstanceOf(ApiException.class).hasMessageContaining("Keypair data is invalid");
        assertThatThrownBy(() -> KeyMaterial.sshFingerprint("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIG9pQ1hm"))
                .isInstanceOf(ApiException.class);
    }
}
