package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings a Java program reads from its own {@code .properties} files, so that an algorithm chosen
 * in configuration is judged like one written in the code:
 * {@code props.load(loader.getResourceAsStream("app.properties")); Cipher.getInstance(props.getProperty("cipher", "AES/GCM/NoPadding"))}
 * runs the cipher that {@code src/main/resources/app.properties} names, and the default only when
 * the key is missing. The file is looked for beside the scanned source's project (up to the folder
 * holding its build file); when it cannot be found, the default written in the code is the value.
 */
final class JavaProperties {

    /** A value and where it came from, for the message ({@code null} for a literal in the code). */
    record Setting(String value, String where) {}

    private static final Set<String> PROPERTIES = Set.of("Properties");
    /** The resource or file a {@code load(...)} call reads: its first string literal ending in .properties. */
    private static final Pattern RESOURCE = Pattern.compile("\"([^\"]{1,200}\\.properties)\"");
    /** Folders that mark a project's root: the search for resources stops there. */
    private static final List<String> ROOTS = List.of("pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", ".git");
    private static final int MAX_LEVELS = 12;
    private static final long MAX_BYTES = 1 << 20;

    private JavaProperties() {
    }

    /**
     * The string an expression holds: a literal or constant, or a setting read with
     * {@code getProperty(key[, default])} from a {@link Properties} object, directly or through the one
     * local variable assigned it. Null when unknown.
     */
    static Setting value(Node node, Scope scope, DeclaredTypes types) {
        if (node == null) {
            return null;
        }
        String literal = Rules.literal(node, scope);
        if (literal != null) {
            return new Setting(literal, null);
        }
        Node source = Tree.is(node, "identifier") ? onlyValue(scope.text(node), scope) : node;
        Call call = source == null ? null : scope.syntax().call(source);
        if (call == null || call.constructor() || !Rules.nameIs(call, "getProperty") || !Tree.is(call.receiver(), "identifier")
                || !types.is(call.receiver(), scope, PROPERTIES)) {
            return null;
        }
        String key = call.arg(0) == null ? null : scope.syntax().stringValue(call.arg(0));
        String fallback = call.arg(1) == null ? null : scope.syntax().stringValue(call.arg(1));
        if (key == null) {
            return null;
        }
        String resource = loaded(scope.text(call.receiver()), scope);
        Path file = resource == null ? null : locate(scope.file(), resource);
        String configured = file == null ? null : read(file).getProperty(key);
        if (configured != null) {
            return new Setting(configured.strip(), "'" + key + "' in " + file);
        }
        return fallback == null ? null : new Setting(fallback, "the default of '" + key + "'");
    }

    /** The value of the only declaration or assignment of a local variable in the function, or null. */
    private static Node onlyValue(String name, Scope scope) {
        List<Node> values = new ArrayList<>();
        assignments(scope.function, name, scope, values);
        return values.size() == 1 ? values.getFirst() : null;
    }

    private static void assignments(Node node, String name, Scope scope, List<Node> out) {
        for (Node child : Tree.named(node)) {
            if (Tree.is(child, "variable_declarator") && name.equals(scope.text(Tree.field(child, "name")))
                    && Tree.field(child, "value") != null) {
                out.add(Tree.field(child, "value"));
            } else if (Tree.is(child, "assignment_expression") && name.equals(scope.text(Tree.field(child, "left")))) {
                out.add(Tree.field(child, "right"));
            }
            assignments(child, name, scope, out);
        }
    }

    /** The .properties resource the file loads into the variable: {@code props.load(...("app.properties"))}. */
    private static String loaded(String variable, Scope scope) {
        List<Node> loads = new ArrayList<>();
        calls(scope.syntax().tree.root(), variable, scope, loads);
        for (Node load : loads) {
            Matcher m = RESOURCE.matcher(scope.text(load));
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static void calls(Node node, String variable, Scope scope, List<Node> out) {
        for (Node child : Tree.named(node)) {
            Call call = scope.syntax().call(child);
            if (call != null && Rules.nameIs(call, "load") && call.receiver() != null && scope.text(call.receiver()).equals(variable)) {
                out.add(child);
            }
            calls(child, variable, scope, out);
        }
    }

    /**
     * The resource in the project of the scanned file: {@code src/main/resources/<name>} or
     * {@code <name>} in the file's folder or one above it, up to the project's root. Only inside
     * those folders: a {@code ../} in the name does not reach elsewhere. Null when the scanned file is
     * not on disk (an answer, standard input) or the resource is not found.
     */
    static Path locate(String scanned, String resource) {
        Path path;
        try {
            path = Path.of(scanned).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        if (!Files.isRegularFile(path)) {
            return null;
        }
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        Path dir = path.getParent();
        for (int level = 0; dir != null && level < MAX_LEVELS; level++, dir = dir.getParent()) {
            for (Path base : List.of(dir.resolve("src/main/resources"), dir)) {
                Path candidate = base.resolve(name).normalize();
                if (candidate.startsWith(base) && Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            Path folder = dir;
            if (ROOTS.stream().anyMatch(root -> Files.exists(folder.resolve(root)))) {
                break;
            }
        }
        return null;
    }

    /** The file's properties; none when it is unreadable or larger than 1 MiB. */
    private static Properties read(Path file) {
        Properties properties = new Properties();
        try {
            if (Files.size(file) <= MAX_BYTES) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) { // Properties.load's own encoding
                    properties.load(in);
                }
            }
        } catch (IOException | IllegalArgumentException e) { // a malformed \\u escape: as if the file were not there
            return new Properties();
        }
        return properties;
    }
}
