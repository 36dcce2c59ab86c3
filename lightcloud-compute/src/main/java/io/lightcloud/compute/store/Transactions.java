package io.lightcloud.compute.store;

import io.lightcloud.common.transaction.RetryingTransactions;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compute's units of work, retried when the database gives up on a lock or a serialization conflict: concurrent
 * claims and quota checks serialize on row locks, and under load a lock wait can time out (H2) or be chosen as a
 * deadlock victim (PostgreSQL) although nothing is wrong with the request.
 */
@Component
public class Transactions extends RetryingTransactions {
    private static final int ATTEMPTS = 8;
    private static final int MAX_BACK_OFF_SHIFT = 6;

    public Transactions(TransactionTemplate template) {
        super(template, ATTEMPTS, MAX_BACK_OFF_SHIFT, ConcurrencyFailureException.class);
    }
}
