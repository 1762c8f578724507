package dev.probation.agent;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable working copy of an {@link EnvironmentState} that the built-in tools change. It lives inside
 * one {@link Environment}; nothing outside sees it except through {@link #snapshot()}.
 */
final class Workspace {

    final TreeMap<String, String> files;
    final List<EnvironmentState.Email> inbox;
    final List<EnvironmentState.Email> sent;
    final TreeMap<String, List<Map<String, Object>>> tables = new TreeMap<>();
    final TreeMap<String, BigDecimal> accounts;
    final List<EnvironmentState.Transfer> transfers;
    final TreeMap<String, String> memory;
    final TreeMap<String, String> pages;
    final TreeMap<String, TreeMap<String, String>> hosts = new TreeMap<>();

    Workspace(EnvironmentState state) {
        files = new TreeMap<>(state.files());
        inbox = new ArrayList<>(state.inbox());
        sent = new ArrayList<>(state.sent());
        state.tables().forEach((name, rows) -> tables.put(name, new ArrayList<>(rows.stream()
                .map(row -> (Map<String, Object>) new LinkedHashMap<>(row)).toList())));
        accounts = new TreeMap<>(state.accounts());
        transfers = new ArrayList<>(state.transfers());
        memory = new TreeMap<>(state.memory());
        pages = new TreeMap<>(state.pages());
        state.hosts().forEach((host, tree) -> hosts.put(host, new TreeMap<>(tree)));
    }

    EnvironmentState snapshot() {
        return new EnvironmentState(files, inbox, sent, new TreeMap<>(tables), accounts, transfers, memory, pages,
                new TreeMap<>(hosts));
    }

    /** The content of a file, or a failure worded as {@code cat} would word it. */
    String read(String path, String command) {
        String content = files.get(path);
        if (content == null) {
            throw new ToolFailure(command + ": " + path + ": "
                    + (VirtualPaths.isDirectory(files, path) ? "Is a directory" : "No such file or directory"));
        }
        return content;
    }

    /** The host part of {@code host:path} or {@code user@host:path}, which must be a known host. */
    TreeMap<String, String> host(String name, String command) {
        TreeMap<String, String> tree = hosts.get(name);
        if (tree == null) {
            throw new ToolFailure(command + ": ssh: Could not resolve hostname " + name + ": Name or service not known");
        }
        return tree;
    }
}
