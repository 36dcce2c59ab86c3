package io.lightcloud.loadgen.scenario;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** JMeter's transaction controller: its children run in order and the whole is also recorded under its label. */
public record TransactionStep(String label, List<HttpStep> children) implements Step {
    public TransactionStep {
        requireNonNull(label, "label is null");
        children = List.copyOf(children);
    }
}
