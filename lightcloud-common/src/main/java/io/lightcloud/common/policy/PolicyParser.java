package io.lightcloud.common.policy;

import io.lightcloud.common.auth.AuthContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Parses the subset of oslo.policy's rule language that OpenStack's default policies use, so operators can read and
 * override Lightcloud's rules as they would Nova's or Keystone's:
 * <pre>
 *   rule   := or
 *   or     := and ("or" and)*
 *   and    := not ("and" not)*
 *   not    := "not" not | "(" rule ")" | check
 *   check  := "@" | "!" | "role:" NAME | "rule:" NAME | ATTR ":" ( "%(" TARGET_KEY ")s" | LITERAL )
 *           | "'" LITERAL "':%(" TARGET_KEY ")s"
 * </pre>
 * ATTR is one of the caller's {@code user_id}, {@code project_id}, {@code domain_id}, {@code user_domain_id} or
 * {@code project_domain_id}. A quoted literal compares a constant with a target value, as Glance's
 * {@code 'public':%(visibility)s} does. An empty rule allows everyone, as in oslo.policy.
 */
public final class PolicyParser {
    private static final Map<String, Function<AuthContext, String>> CALLER_ATTRIBUTES = Map.of(
            "user_id", AuthContext::userId,
            "project_id", AuthContext::projectId,
            "domain_id", AuthContext::domainId,
            "user_domain_id", AuthContext::userDomainId,
            "project_domain_id", AuthContext::projectDomainId);

    private final List<String> tokens;
    private final String source;
    private int position;

    private PolicyParser(String source) {
        this.source = source;
        this.tokens = tokenize(source);
    }

    public static PolicyRule parse(String source) {
        if (source == null || source.isBlank()) {
            return (caller, target, rules) -> true;
        }
        PolicyParser parser = new PolicyParser(source);
        PolicyRule rule = parser.or();
        if (parser.position != parser.tokens.size()) {
            throw parser.error("unexpected '" + parser.tokens.get(parser.position) + "'");
        }
        return rule;
    }

    private PolicyRule or() {
        List<PolicyRule> parts = new ArrayList<>(List.of(and()));
        while (peek("or")) {
            position++;
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0)
                : (caller, target, rules) -> parts.stream().anyMatch(p -> p.allows(caller, target, rules));
    }

    private PolicyRule and() {
        List<PolicyRule> parts = new ArrayList<>(List.of(not()));
        while (peek("and")) {
            position++;
            parts.add(not());
        }
        return parts.size() == 1 ? parts.get(0)
                : (caller, target, rules) -> parts.stream().allMatch(p -> p.allows(caller, target, rules));
    }

    private PolicyRule not() {
        if (peek("not")) {
            position++;
            PolicyRule inner = not();
            return (caller, target, rules) -> !inner.allows(caller, target, rules);
        }
        if (peek("(")) {
            position++;
            PolicyRule inner = or();
            if (!peek(")")) {
                throw error("missing ')'");
            }
            position++;
            return inner;
        }
        return check();
    }

    private PolicyRule check() {
        if (position >= tokens.size()) {
            throw error("unexpected end");
        }
        String token = tokens.get(position++);
        if (token.equals("@")) {
            return (caller, target, rules) -> true;
        }
        if (token.equals("!")) {
            return (caller, target, rules) -> false;
        }
        int colon = token.indexOf(':');
        if (colon <= 0) {
            throw error("'" + token + "' is not a check");
        }
        String kind = token.substring(0, colon);
        String value = token.substring(colon + 1);
        if (kind.equals("role")) {
            return (caller, target, rules) -> caller.hasRole(value.toLowerCase(Locale.ROOT));
        }
        if (kind.equals("rule")) {
            return (caller, target, rules) -> {
                PolicyRule named = rules.rule(value);
                return named != null && named.allows(caller, target, rules);
            };
        }
        if (kind.length() >= 2 && kind.startsWith("'") && kind.endsWith("'")) {
            return literalCheck(kind.substring(1, kind.length() - 1), value);
        }
        Function<AuthContext, String> attribute = CALLER_ATTRIBUTES.get(kind);
        if (attribute == null) {
            throw error("unknown attribute '" + kind + "'");
        }
        if (value.startsWith("%(") && value.endsWith(")s")) {
            String targetKey = value.substring(2, value.length() - 2);
            return (caller, target, rules) -> {
                String mine = attribute.apply(caller);
                Object theirs = target.get(targetKey);
                return mine != null && theirs != null && mine.equals(theirs.toString());
            };
        }
        return (caller, target, rules) -> Objects.equals(attribute.apply(caller), value);
    }

    private PolicyRule literalCheck(String literal, String value) {
        if (!value.startsWith("%(") || !value.endsWith(")s")) {
            throw error("a quoted literal must be compared with a target value such as %(target.key)s");
        }
        String targetKey = value.substring(2, value.length() - 2);
        return (caller, target, rules) -> {
            Object theirs = target.get(targetKey);
            return theirs != null && literal.equals(theirs.toString());
        };
    }

    private boolean peek(String token) {
        return position < tokens.size() && tokens.get(position).equals(token);
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("Invalid policy rule \"" + source + "\": " + problem);
    }

    private static List<String> tokenize(String source) {
        List<String> tokens = new ArrayList<>();
        for (String word : source.trim().split("\\s+")) {
            String rest = word;
            while (rest.startsWith("(")) {
                tokens.add("(");
                rest = rest.substring(1);
            }
            int closing = 0;
            while (rest.endsWith(")") && !rest.endsWith(")s")) {
                closing++;
                rest = rest.substring(0, rest.length() - 1);
            }
            if (!rest.isEmpty()) {
                tokens.add(rest);
            }
            for (int i = 0; i < closing; i++) {
                tokens.add(")");
            }
        }
        return tokens;
    }
}
