package dev.probation.scan;

import dev.probation.scan.CallerValues.Param;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Union-find over the locals of one method, for {@link CallerValues}: locals between which a value
 * may flow share a group, and the group records what may reach any of them.
 */
final class LocalGroups {

    /** Whether anything unknown reaches the group, the calls its objects are handed to, and what it depends on. */
    static final class Group {
        boolean dirty;
        final Set<Node> escapes = new HashSet<>();
        final Set<Param> params = new HashSet<>();
        final Set<String> types = new HashSet<>();
    }

    private final Map<String, String> parent = new HashMap<>();
    private final Map<String, Group> groups = new HashMap<>();

    /** The group of the local (a new one of its own at first). */
    Group of(String local) {
        return groups.computeIfAbsent(find(local), k -> new Group());
    }

    void union(String a, String b) {
        String ra = find(a);
        String rb = find(b);
        if (ra.equals(rb)) {
            return;
        }
        Group ga = of(ra);
        Group gb = groups.remove(rb);
        parent.put(rb, ra);
        if (gb != null) {
            ga.dirty |= gb.dirty;
            ga.escapes.addAll(gb.escapes);
            ga.params.addAll(gb.params);
            ga.types.addAll(gb.types);
        }
    }

    private String find(String local) {
        String p = parent.getOrDefault(local, local);
        if (p.equals(local)) {
            return local;
        }
        String root = find(p);
        parent.put(local, root);
        return root;
    }
}
