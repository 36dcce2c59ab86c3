package io.lightcloud.loadtest.pool;

import static java.util.Objects.requireNonNull;

/** The executor a protocol request authenticated as, with its credential. */
public record LoadExecutor(String id, String name) {
    public LoadExecutor {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
    }
}
