package io.lightcloud.common.transaction;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a unit of work in one transaction and runs it again from the start when it lost a race the database reports
 * with one of the {@code retryOn} exceptions (a lock wait timed out, a deadlock victim, a unique value another
 * transaction took first). As everything of the work is in the transaction, a lost attempt leaves nothing behind.
 * Work that runs inside a transaction already joins it and is not retried here: the outer unit retries as a whole.
 */
public class RetryingTransactions {
    private static final Logger log = LoggerFactory.getLogger(RetryingTransactions.class);

    private final TransactionTemplate template;
    private final int attempts;
    private final int maxBackOffShift;
    private final List<Class<? extends RuntimeException>> retryOn;

    /**
     * @param attempts how many times the work runs at most
     * @param maxBackOffShift the random pause before attempt {@code n + 1} is up to {@code 5 << min(n, this)} ms
     */
    @SafeVarargs
    protected RetryingTransactions(TransactionTemplate template, int attempts, int maxBackOffShift,
            Class<? extends RuntimeException>... retryOn) {
        this.template = requireNonNull(template, "template is null");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.attempts = attempts;
        this.maxBackOffShift = maxBackOffShift;
        this.retryOn = List.of(retryOn);
    }

    public <T> T run(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return template.execute(status -> work.get());
            } catch (RuntimeException e) {
                if (attempt >= attempts || retryOn.stream().noneMatch(type -> type.isInstance(e))) {
                    throw e;
                }
                log.debug("Retrying a transaction after a lost race attempt={} cause={}", attempt, e.toString());
                backOff(attempt);
            }
        }
    }

    public void run(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code action} once the current transaction committed, or now when there is none. */
    public static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        action.run();
                    }
                });
    }

    private void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, maxBackOffShift)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", e);
        }
    }
}
