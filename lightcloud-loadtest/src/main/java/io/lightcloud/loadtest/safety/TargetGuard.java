package io.lightcloud.loadtest.safety;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before anything is sent, that every request of a scenario goes to a target the project's policy allows. A
 * URL's host must be fixed when the run starts (written out, or a plan variable with a fixed value): a host taken
 * from a CSV row or a response could point anywhere, so it is refused. A host name is allowed when it is listed (or
 * matches a {@code *.domain} entry), or when every address it resolves to lies in an allowed range. The hosts found
 * are handed to the executors, which connect to nothing else.
 */
public final class TargetGuard {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    /** The authority of an http URL: everything up to the path, query or fragment. */
    private static final Pattern HTTP_URL = Pattern.compile("^http://([^/?#]*)([/?#].*)?$", Pattern.CASE_INSENSITIVE);

    private TargetGuard() {
    }

    /**
     * @return the {@code host:port} pairs the scenario may connect to
     * @throws IllegalArgumentException naming the first target that is not allowed
     */
    public static Set<String> check(List<String> urls, Map<String, String> variables, ProjectPolicy policy) {
        Set<String> targets = new LinkedHashSet<>();
        for (String url : urls) {
            Matcher parts = HTTP_URL.matcher(substitute(url, variables));
            if (!parts.matches()) {
                throw new IllegalArgumentException("URL '" + url + "' is not an http:// URL");
            }
            String authority = parts.group(1);
            if (authority.contains("${")) {
                throw new IllegalArgumentException("the host of URL '" + url + "' is not fixed before the run (a "
                        + "host from a CSV row, an extractor or an undefined variable could point anywhere)");
            }
            URI uri;
            try {
                uri = new URI("http://" + authority + "/");
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("URL '" + url + "' has an invalid host or port");
            }
            String host = uri.getHost();
            if (host == null) {
                throw new IllegalArgumentException("URL '" + url + "' has no host");
            }
            host = host.toLowerCase(Locale.ROOT);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (!allowed(host, policy.allowedTargets())) {
                throw new IllegalArgumentException("target '" + host + "' is not in the project's allowed targets "
                        + (policy.allowedTargets().isEmpty() ? "(none are set; an admin sets them with PUT "
                        + "/lightcloud/v1/loadtest/policies/{project_id})" : policy.allowedTargets()));
            }
            targets.add(host + ":" + (uri.getPort() > 0 ? uri.getPort() : 80));
        }
        return targets;
    }

    private static String substitute(String text, Map<String, String> variables) {
        String out = text;
        for (int depth = 0; depth < 5 && out.contains("${"); depth++) {
            out = REFERENCE.matcher(out).replaceAll(m -> {
                String value = variables.get(m.group(1));
                return java.util.regex.Matcher.quoteReplacement(value != null ? value : m.group());
            });
        }
        return out;
    }

    static boolean allowed(String host, List<String> rules) {
        boolean literal = isAddressLiteral(host);
        for (String rule : rules) {
            String r = rule.trim().toLowerCase(Locale.ROOT);
            if (!literal && (r.equals(host) || (r.startsWith("*.") && host.endsWith(r.substring(1))))) {
                return true;
            }
        }
        List<InetAddress> addresses = new ArrayList<>();
        try {
            if (literal) {
                addresses.add(InetAddress.getByName(host));
            } else {
                addresses.addAll(List.of(InetAddress.getAllByName(host)));
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return !addresses.isEmpty() && addresses.stream().allMatch(address -> rules.stream()
                .anyMatch(rule -> Cidr.parse(rule).map(c -> c.contains(address)).orElse(false)));
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
