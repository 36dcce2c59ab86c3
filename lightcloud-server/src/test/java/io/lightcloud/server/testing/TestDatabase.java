package io.lightcloud.server.testing;

import java.util.ArrayList;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Chooses the database the server under test runs on. The test command runs the database-tagged tests twice: on
 * the embedded H2 file database (the default) and on a throw-away PostgreSQL database that it creates, named by
 * {@code -Dlightcloud.test.postgres.url}.
 */
public final class TestDatabase {
    public static final String PROPERTY = "lightcloud.test.database";

    private TestDatabase() {
    }

    public static boolean isPostgres() {
        return "postgresql".equals(System.getProperty(PROPERTY, "h2"));
    }

    /** The same choice as command-line properties, for tests that start servers themselves. */
    public static List<String> arguments(String dataDir) {
        List<String> args = new ArrayList<>();
        DynamicPropertyRegistry collector = (name, value) -> args.add("--" + name + "=" + value.get());
        register(collector, dataDir);
        return args;
    }

    public static void register(DynamicPropertyRegistry registry, String dataDir) {
        if (isPostgres()) {
            String url = System.getProperty("lightcloud.test.postgres.url");
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("The PostgreSQL test run needs -Dlightcloud.test.postgres.url; "
                        + "run the tests with ./lightcloud test, which creates the database");
            }
            registry.add("spring.datasource.url", () -> url);
            registry.add("spring.datasource.username", () -> System.getProperty("lightcloud.test.postgres.user", "postgres"));
            registry.add("spring.datasource.password", () -> System.getProperty("lightcloud.test.postgres.password", ""));
        } else {
            registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dataDir
                    + "/db/lightcloud;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;"
                    + "DB_CLOSE_ON_EXIT=FALSE");
        }
    }
}
