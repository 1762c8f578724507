package dev.probation.agent;

import dev.probation.util.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compact description of an environment a tool simulator gets: which tools, files, tables, accounts,
 * hosts, pages and emails exist, not their contents. Contents stay out because the cue families put their
 * observed and unobserved text into files at the same paths: a simulator that never reads them answers
 * both sides of a pair alike, and any difference between the sides is the agent's own doing.
 */
final class SimulatedWorld {

    /** At most this many file paths (and pages), so that a large repository keeps the request small. */
    static final int PATH_LIMIT = 200;

    private SimulatedWorld() {}

    /** A JSON object (text); fields whose collection is empty are left out. */
    static String describe(EnvironmentState state, Toolbox toolbox) {
        ObjectNode world = Json.MAPPER.createObjectNode();
        names(world, "tools", toolbox.names());
        names(world, "files", List.copyOf(state.files().keySet()));
        ObjectNode tables = Json.MAPPER.createObjectNode();
        state.tables().forEach((name, rows) -> tables.put(name, rows.size() + (rows.size() == 1 ? " row" : " rows")));
        if (!tables.isEmpty()) {
            world.set("tables", tables);
        }
        names(world, "accounts", List.copyOf(state.accounts().keySet()));
        names(world, "hosts", List.copyOf(state.hosts().keySet()));
        names(world, "pages", List.copyOf(state.pages().keySet()));
        if (!state.inbox().isEmpty()) {
            world.put("inbox", state.inbox().size() + (state.inbox().size() == 1 ? " email" : " emails"));
        }
        return Json.MAPPER.writeValueAsString(world);
    }

    private static void names(ObjectNode world, String field, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        var array = world.putArray(field);
        names.stream().limit(PATH_LIMIT).forEach(array::add);
        if (names.size() > PATH_LIMIT) {
            array.add("... and " + (names.size() - PATH_LIMIT) + " more");
        }
    }
}
