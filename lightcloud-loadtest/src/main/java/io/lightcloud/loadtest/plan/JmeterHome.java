package io.lightcloud.loadtest.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.jmeter.util.JMeterUtils;

/**
 * JMeter's classes read their settings from a JMeter home ({@code bin/jmeter.properties}, {@code
 * saveservice.properties} for the .jmx aliases, {@code upgrade.properties} for renamed classes). A headless controller
 * has no installation, so the files shipped in {@code ApacheJMeter_config} are copied into a private directory once.
 */
final class JmeterHome {
    private static final List<String> FILES = List.of("jmeter.properties", "saveservice.properties",
            "upgrade.properties", "system.properties", "user.properties");
    private static boolean initialized;

    private JmeterHome() {
    }

    static synchronized void ensureInitialized(Path dataDir) {
        if (initialized) {
            return;
        }
        try {
            Path bin = Files.createDirectories(dataDir.resolve("loadtest/jmeter-home/bin"));
            for (String file : FILES) {
                try (InputStream in = JmeterHome.class.getClassLoader().getResourceAsStream("bin/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("bin/" + file + " is not on the class path (ApacheJMeter_config)");
                    }
                    Files.copy(in, bin.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            JMeterUtils.setJMeterHome(bin.getParent().toString());
            JMeterUtils.loadJMeterProperties(bin.resolve("jmeter.properties").toString());
            JMeterUtils.initLocale();
            initialized = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the JMeter home under " + dataDir, e);
        }
    }
}
