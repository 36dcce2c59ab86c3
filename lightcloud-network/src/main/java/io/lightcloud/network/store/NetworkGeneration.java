package io.lightcloud.network.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one change counter of the network service, kept in the database so that every controller agrees on it.
 * Every change bumps it inside its own transaction; listeners (the agents' long-polls) hear of it once the change
 * committed, so that what they then read includes it.
 */
@Component
public class NetworkGeneration {
    private final JdbcClient jdbc;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public NetworkGeneration(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public long current() {
        return jdbc.sql("SELECT generation FROM net_generation WHERE id = 1").query(Long.class).single();
    }

    /** Must run inside the changing transaction. */
    public void bump() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the network generation is bumped inside the changing transaction");
        }
        jdbc.sql("UPDATE net_generation SET generation = generation + 1 WHERE id = 1").update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                listeners.forEach(Runnable::run);
            }
        });
    }

    public void addListener(Runnable listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }
}
