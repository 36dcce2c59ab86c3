package io.lightcloud.loadgen.scenario;

import static java.util.Objects.requireNonNull;

/**
 * A check of a response. STATUS: the status code is one of {@code value} (comma separated); CONTAINS: the body
 * contains {@code value}; REGEX: the body matches {@code value} somewhere; JSON: the JSON path {@code value} exists
 * and, when {@code expected} is not null, equals it (or matches it as a whole, when {@code expectedIsRegex}). {@code negate} inverts the check (JMeter's "not").
 */
public record Assertion(Kind kind, String value, String expected, boolean expectedIsRegex, boolean negate,
        String name) {
    public enum Kind { STATUS, CONTAINS, REGEX, JSON }

    public Assertion {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
        requireNonNull(name, "name is null");
    }
}
