package io.lightcloud.loadgen.scenario;

import static java.util.Objects.requireNonNull;

/**
 * Sets a user variable from a response body: a regular expression (capture {@code group} of the {@code matchNumber}-th
 * match; 0 picks one at random and -1 sets {@code var_1..var_n} and {@code var_matchNr}, as JMeter does) or a JSON
 * path. The default is used when nothing matches.
 */
public record Extractor(Kind kind, String variable, String expression, int group, int matchNumber,
        String defaultValue) {
    public enum Kind { REGEX, JSON }

    public Extractor {
        requireNonNull(kind, "kind is null");
        requireNonNull(variable, "variable is null");
        requireNonNull(expression, "expression is null");
        requireNonNull(defaultValue, "defaultValue is null");
    }
}
