package io.lightcloud.loadtest.plan;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks of expressions before a run, so an executor never meets one it cannot evaluate. */
final class PlanPaths {
    /** The JSON path subset the executor evaluates: {@code $}, {@code .name}, {@code ['name']}, {@code [index]}. */
    private static final Pattern JSON_PATH = Pattern.compile(
            "^\\$(?:\\.[A-Za-z_$][\\w$-]*|\\['[^']*'\\]|\\[\\d+\\])*$");

    private PlanPaths() {
    }

    static String checkJsonPath(String path, String element) {
        if (!JSON_PATH.matcher(path).matches()) {
            throw new PlanProblem("JSON path '" + path + "' of '" + element + "' is not supported (supported: $, "
                    + ".name, ['name'], [index]).");
        }
        return path;
    }

    static String checkRegex(String regex, String element) {
        try {
            Pattern.compile(regex);
            return regex;
        } catch (PatternSyntaxException e) {
            throw new PlanProblem("Regular expression of '" + element + "' does not compile: "
                    + e.getDescription() + ".");
        }
    }
}
