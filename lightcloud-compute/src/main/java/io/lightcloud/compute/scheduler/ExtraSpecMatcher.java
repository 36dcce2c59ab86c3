package io.lightcloud.compute.scheduler;

import java.util.Arrays;
import java.util.List;

/**
 * Nova's extra-spec operators, matching a host's value against a flavor's requirement: {@code =} (at least, as
 * numbers), {@code ==}, {@code !=}, {@code >=}, {@code <=} (numbers), {@code s==}, {@code s!=}, {@code s<},
 * {@code s<=}, {@code s>}, {@code s>=} (strings), {@code <in>} (substring), {@code <all-in>} (every word present),
 * {@code <or>} (one of); a requirement without an operator is plain string equality.
 */
public final class ExtraSpecMatcher {
    private ExtraSpecMatcher() {
    }

    public static boolean matches(String value, String requirement) {
        if (value == null || requirement == null) {
            return false;
        }
        List<String> words = Arrays.stream(requirement.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.size() < 2) {
            return value.equals(requirement);
        }
        String operator = words.get(0);
        String operand = String.join(" ", words.subList(1, words.size()));
        return switch (operator) {
            case "=" -> number(value, operand, Integer.MAX_VALUE) >= 0;
            case "==" -> number(value, operand, Integer.MAX_VALUE) == 0;
            case "!=" -> {
                int c = number(value, operand, Integer.MAX_VALUE);
                yield c != 0 && c != Integer.MAX_VALUE;
            }
            case ">=" -> {
                int c = number(value, operand, Integer.MIN_VALUE);
                yield c >= 0;
            }
            case "<=" -> number(value, operand, Integer.MAX_VALUE) <= 0;
            case "s==" -> value.equals(operand);
            case "s!=" -> !value.equals(operand);
            case "s<" -> value.compareTo(operand) < 0;
            case "s<=" -> value.compareTo(operand) <= 0;
            case "s>" -> value.compareTo(operand) > 0;
            case "s>=" -> value.compareTo(operand) >= 0;
            case "<in>" -> value.contains(operand);
            case "<all-in>" -> List.of(value.split("\\s+")).containsAll(words.subList(1, words.size()));
            case "<or>" -> orOperands(words).contains(value);
            default -> value.equals(requirement);
        };
    }

    /** {@code <or> a <or> b}: the words between the operators. */
    private static List<String> orOperands(List<String> words) {
        return words.stream().filter(w -> !w.equals("<or>")).toList();
    }

    /** Compares as numbers; {@code failed} when either side is not a number. */
    private static int number(String value, String operand, int failed) {
        try {
            return Double.compare(Double.parseDouble(value), Double.parseDouble(operand));
        } catch (NumberFormatException e) {
            return failed;
        }
    }
}
