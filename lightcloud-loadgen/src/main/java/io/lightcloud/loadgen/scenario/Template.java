package io.lightcloud.loadgen.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A string with JMeter references, parsed once: {@code ${name}} reads a user variable (an unknown one stays as
 * written, as in JMeter) and {@code ${__Random(min,max)}}, {@code ${__UUID()}}, {@code ${__time()}},
 * {@code ${__threadNum}} and {@code ${__counter(...)}} call the functions the fast engine implements.
 */
public final class Template {
    public static final Set<String> FUNCTIONS = Set.of("__Random", "__UUID", "__time", "__threadNum", "__counter");
    private static final AtomicLong GLOBAL_COUNTER = new AtomicLong();

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The per-user values a template reads. */
    public interface Context {
        Map<String, String> variables();

        int threadNumber();

        long nextUserCounter();
    }

    private sealed interface Part permits Literal, Variable, Function {
    }

    private record Literal(String text) implements Part {
    }

    private record Variable(String name) implements Part {
    }

    private record Function(String name, List<String> args) implements Part {
    }

    public static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("${", at);
            int close = open < 0 ? -1 : text.indexOf('}', open);
            if (open < 0 || close < 0) {
                parts.add(new Literal(text.substring(at)));
                break;
            }
            if (open > at) {
                parts.add(new Literal(text.substring(at, open)));
            }
            parts.add(reference(text.substring(open + 2, close)));
            at = close + 1;
        }
        return new Template(parts);
    }

    private static Part reference(String inner) {
        if (!inner.startsWith("__")) {
            return new Variable(inner);
        }
        int paren = inner.indexOf('(');
        String name = paren < 0 ? inner : inner.substring(0, paren);
        if (!FUNCTIONS.contains(name)) {
            return new Variable(inner);
        }
        List<String> args = new ArrayList<>();
        if (paren >= 0) {
            String body = inner.substring(paren + 1, inner.endsWith(")") ? inner.length() - 1 : inner.length());
            for (String arg : body.split(",", -1)) {
                args.add(arg.trim());
            }
        }
        return new Function(name, args);
    }

    public String render(Context context) {
        if (parts.size() == 1 && parts.get(0) instanceof Literal l) {
            return l.text();
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else if (part instanceof Variable v) {
                String value = context.variables().get(v.name());
                out.append(value != null ? value : "${" + v.name() + "}");
            } else {
                out.append(call((Function) part, context));
            }
        }
        return out.toString();
    }

    private static String call(Function f, Context context) {
        return switch (f.name()) {
            case "__Random" -> {
                long min = Long.parseLong(f.args().get(0));
                long max = Long.parseLong(f.args().get(1));
                yield Long.toString(ThreadLocalRandom.current().nextLong(min, max + 1));
            }
            case "__UUID" -> UUID.randomUUID().toString();
            case "__time" -> Long.toString(System.currentTimeMillis());
            case "__threadNum" -> Integer.toString(context.threadNumber());
            case "__counter" -> Long.toString(!f.args().isEmpty() && f.args().get(0).equalsIgnoreCase("TRUE")
                    ? context.nextUserCounter() : GLOBAL_COUNTER.incrementAndGet());
            default -> throw new IllegalStateException("unknown function " + f.name());
        };
    }
}
