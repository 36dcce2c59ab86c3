package io.lightcloud.server.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.BrowserScript;
import io.lightcloud.server.testing.HostCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./lightcloud up} shows the generated admin password on the first start only, later just where it is. */
class AdminPasswordNoticeTest {
    private static final Path SCRIPT = BrowserScript.webDirectory().resolve("../../../../lightcloud").normalize();

    @TempDir
    Path data;

    @Test
    void thePasswordIsPrintedOnTheStartThatGeneratedItOnly() throws IOException {
        Files.writeString(data.resolve("admin-password"), "generated-secret\n");
        assertThat(notice(true)).contains("generated-secret").contains(data.resolve("admin-password").toString());
        String later = notice(false);
        assertThat(later).doesNotContain("generated-secret").contains(data.resolve("admin-password").toString());
    }

    private String notice(boolean generated) {
        return HostCommands.run("env", "-u", "LIGHTCLOUD_ADMIN_PASSWORD", "bash", "-c",
                "source \"$0\" help >/dev/null && admin_password_notice \"$1\" \"$2\"", SCRIPT.toString(),
                data.toString(), String.valueOf(generated));
    }
}
