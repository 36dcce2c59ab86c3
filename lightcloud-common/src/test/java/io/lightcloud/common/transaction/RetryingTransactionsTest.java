package io.lightcloud.common.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

class RetryingTransactionsTest {
    /** Counts transactions; no database is needed to see which failures are run again. */
    private static final class CountingManager implements PlatformTransactionManager {
        final AtomicInteger begun = new AtomicInteger();
        final AtomicInteger committed = new AtomicInteger();
        final AtomicInteger rolledBack = new AtomicInteger();

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            begun.incrementAndGet();
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
            committed.incrementAndGet();
        }

        @Override
        public void rollback(TransactionStatus status) {
            rolledBack.incrementAndGet();
        }
    }

    private static final class LockRetries extends RetryingTransactions {
        LockRetries(TransactionTemplate template, int attempts) {
            super(template, attempts, 1, ConcurrencyFailureException.class);
        }
    }

    private final CountingManager manager = new CountingManager();
    private final RetryingTransactions transactions = new LockRetries(new TransactionTemplate(manager), 3);

    @Test
    void runsLostRacesAgainInAFreshTransaction() {
        AtomicInteger calls = new AtomicInteger();
        String result = transactions.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new CannotAcquireLockException("lock wait timed out");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(manager.begun).hasValue(3);
        assertThat(manager.rolledBack).hasValue(2);
        assertThat(manager.committed).hasValue(1);
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> transactions.run(() -> {
            calls.incrementAndGet();
            throw new CannotAcquireLockException("deadlock victim");
        })).isInstanceOf(CannotAcquireLockException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> transactions.run(() -> {
            calls.incrementAndGet();
            throw new DuplicateKeyException("taken");
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(calls).hasValue(1);
        assertThat(manager.rolledBack).hasValue(1);
    }
}
