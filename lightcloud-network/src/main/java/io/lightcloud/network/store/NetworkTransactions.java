package io.lightcloud.network.store;

import io.lightcloud.common.transaction.RetryingTransactions;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Network's changes, retried from the start when they lost a race: a lock wait timed out or was a deadlock victim,
 * or a unique constraint refused a value another transaction took first (an address, a MAC, a VNI).
 */
@Component
public class NetworkTransactions extends RetryingTransactions {
    private static final int ATTEMPTS = 30;
    private static final int MAX_BACK_OFF_SHIFT = 5;

    public NetworkTransactions(TransactionTemplate template) {
        super(template, ATTEMPTS, MAX_BACK_OFF_SHIFT, ConcurrencyFailureException.class, DuplicateKeyException.class);
    }
}
