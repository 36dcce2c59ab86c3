package io.lightcloud.identity.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The implied-role graph: expands a set of roles to everything they imply, transitively. */
public final class ImpliedRoles {
    private final Map<String, List<String>> implied;

    public ImpliedRoles(List<String[]> implications) {
        Map<String, List<String>> graph = new HashMap<>();
        for (String[] pair : implications) {
            graph.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        this.implied = graph;
    }

    public Set<String> expand(Collection<String> roleIds) {
        Set<String> result = new LinkedHashSet<>(roleIds);
        Deque<String> pending = new ArrayDeque<>(roleIds);
        while (!pending.isEmpty()) {
            for (String next : implied.getOrDefault(pending.pop(), List.of())) {
                if (result.add(next)) {
                    pending.push(next);
                }
            }
        }
        return result;
    }

    /** Whether adding prior → implied would make a role imply itself. */
    public boolean wouldCycle(String priorId, String impliedId) {
        return expand(List.of(impliedId)).contains(priorId);
    }
}
