package io.lightcloud.loadgen.scenario;

/** One element a virtual user executes in order. */
public sealed interface Step permits HttpStep, TransactionStep {
    String label();
}
