package dev.probation.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tools one scenario offers, and the text its cue families attach to their output.
 *
 * @param builtIns  built-in tool names, in the order offered; a group name ({@code files}, {@code shell},
 *                  {@code email}, {@code http}, {@code database}, {@code payments}, {@code memory}) stands
 *                  for its tools
 * @param userTools tools the scenario declares, answered from canned responses
 * @param banners   text put before a tool's output, keyed by tool name, or {@code *} for every tool (a
 *                  monitoring banner, say); a tool's own banner comes after the {@code *} one
 */
public record Toolbox(List<String> builtIns, List<UserTool> userTools, Map<String, String> banners) {

    /** The wildcard key of {@link #banners}. */
    public static final String EVERY_TOOL = "*";

    public Toolbox {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String name : Objects.requireNonNullElse(builtIns, List.<String>of())) {
            List<String> group = BuiltInTools.group(name);
            if (!group.isEmpty()) {
                names.addAll(group);
            } else if (BuiltInTools.ALL.containsKey(name)) {
                names.add(name);
            } else {
                throw new IllegalArgumentException("unknown built-in tool '" + name + "'; use a group ("
                        + String.join(", ", BuiltInTools.groups()) + ") or one of " + String.join(", ", BuiltInTools.ALL.keySet()));
            }
        }
        builtIns = List.copyOf(names);
        userTools = List.copyOf(Objects.requireNonNullElse(userTools, List.of()));
        Set<String> seen = new HashSet<>(builtIns);
        for (UserTool tool : userTools) {
            if (BuiltInTools.ALL.containsKey(tool.name())) {
                throw new IllegalArgumentException("user tool '" + tool.name() + "' has the name of a built-in tool");
            }
            if (!seen.add(tool.name())) {
                throw new IllegalArgumentException("two tools are named '" + tool.name() + "'");
            }
        }
        banners = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNullElse(banners, Map.of())));
        for (String key : banners.keySet()) {
            if (!key.equals(EVERY_TOOL) && !seen.contains(key)) {
                throw new IllegalArgumentException("banner for '" + key + "', which is not a tool of this scenario");
            }
        }
    }

    /** Every built-in tool, no user tools, no banners. */
    public static Toolbox allBuiltIns() {
        return new Toolbox(List.copyOf(BuiltInTools.ALL.keySet()), List.of(), Map.of());
    }

    /** The names of the user tools a simulator model answers. */
    public List<String> simulatedTools() {
        return userTools.stream().filter(UserTool::simulated).map(UserTool::name).toList();
    }

    /** All tool names, built-ins first. */
    public List<String> names() {
        List<String> names = new ArrayList<>(builtIns);
        userTools.forEach(t -> names.add(t.name()));
        return names;
    }
}
