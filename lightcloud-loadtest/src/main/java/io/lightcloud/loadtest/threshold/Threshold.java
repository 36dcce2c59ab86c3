package io.lightcloud.loadtest.threshold;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail criterion of a run, as written: {@code p95 < 300 ms}, {@code error rate < 1 %}, {@code rate > 500/s},
 * also {@code avg}, {@code min}, {@code max} and any {@code pNN[.N]}. Parsing is strict: a criterion that does not
 * parse is refused with the reason, never guessed.
 */
public record Threshold(String text, Metric metric, double percentile, Operator operator, double limit) {
    private static final Pattern SYNTAX = Pattern.compile(
            "^\\s*(p(\\d{1,2}(?:\\.\\d+)?|100)|avg|mean|min|max|error[ _]rate|rate)\\s*(<=|>=|<|>)\\s*"
                    + "(\\d+(?:\\.\\d+)?)\\s*(ms|s|%|/s)?\\s*$", Pattern.CASE_INSENSITIVE);

    public enum Metric { PERCENTILE, MEAN, MIN, MAX, ERROR_RATE, RATE }

    public enum Operator {
        LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double actual, double limit) {
            return switch (this) {
                case LT -> actual < limit;
                case LE -> actual <= limit;
                case GT -> actual > limit;
                case GE -> actual >= limit;
            };
        }

        static Operator of(String symbol) {
            for (Operator op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    public Threshold {
        requireNonNull(text, "text is null");
        requireNonNull(metric, "metric is null");
        requireNonNull(operator, "operator is null");
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static Threshold parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("threshold '" + text + "' does not parse; write it as '<metric> "
                    + "<operator> <number> <unit>' with a metric of pNN, avg, min, max, error rate or rate, an "
                    + "operator of <, <=, > or >=, e.g. 'p95 < 300 ms', 'error rate < 1 %', 'rate > 500/s'");
        }
        String name = m.group(1).toLowerCase(Locale.ROOT).replace('_', ' ');
        Operator operator = Operator.of(m.group(3));
        double number = Double.parseDouble(m.group(4));
        String unit = m.group(5) == null ? "" : m.group(5).toLowerCase(Locale.ROOT);
        Metric metric;
        double percentile = 0;
        if (name.equals("error rate")) {
            metric = Metric.ERROR_RATE;
            require(unit.equals("%"), text, "an error rate is in %");
            require(number <= 100, text, "an error rate is at most 100 %");
        } else if (name.equals("rate")) {
            metric = Metric.RATE;
            require(unit.equals("/s") || unit.isEmpty(), text, "a rate is in requests per second (/s)");
        } else {
            if (name.startsWith("p")) {
                metric = Metric.PERCENTILE;
                percentile = Double.parseDouble(name.substring(1));
                require(percentile > 0 && percentile <= 100, text, "a percentile is between 0 and 100");
            } else {
                metric = name.equals("min") ? Metric.MIN : name.equals("max") ? Metric.MAX : Metric.MEAN;
            }
            require(unit.equals("ms") || unit.equals("s"), text, "a latency needs a unit, ms or s");
            if (unit.equals("s")) {
                number *= 1000;
            }
        }
        return new Threshold(text.trim(), metric, percentile, operator, number);
    }

    private static void require(boolean condition, String text, String reason) {
        if (!condition) {
            throw new IllegalArgumentException("threshold '" + text + "': " + reason);
        }
    }

    /** Whether {@code actual} (milliseconds, percent or per second, by metric) passes. */
    public boolean holds(double actual) {
        return operator.holds(actual, limit);
    }

    /** Lower bounds (a minimum rate) cannot fail before the end: the run may still catch up. */
    public boolean judgeableLive() {
        return operator == Operator.LT || operator == Operator.LE;
    }
}
