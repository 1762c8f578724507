package dev.probation.scan;

import dev.probation.scan.Taint.Origin;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which inputs count as untrusted, named as CodeQL names its threat models. {@link #REMOTE} (the default) trusts
 * what the program's operator controls: environment variables, system properties, the command line, and the
 * program's own files and database. {@link #LOCAL} adds those: for code whose local inputs an attacker may
 * write (a shared machine, a setuid tool, a test suite such as Juliet that counts them as attacks).
 */
public enum ThreatModel {

    /** Network input only: requests, sockets, other servers' responses, standard input. */
    REMOTE,
    /**
     * Remote input, plus environment variables, system properties, command-line arguments, file contents,
     * properties files and database rows; each counts like a request at every sink.
     */
    LOCAL;

    /** The name users write: {@code remote} or {@code local}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The threat model a user named, ignoring case. */
    public static Optional<ThreatModel> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equalsIgnoreCase(id.strip())).findFirst();
    }

    /**
     * A source's origin under this threat model: under {@link #LOCAL} a local one (environment, command line, file,
     * database) becomes untrusted like a request. Null stays null.
     */
    Origin admit(Origin source) {
        return this == LOCAL && source != null && source.config() ? new Origin(source.what(), source.line(), true) : source;
    }

    /** Under {@link #LOCAL}, whether the function is Java's {@code static void main(String[] args)}: its parameter is the command line. */
    boolean commandLine(Tree tree, Node function, int params) {
        if (this != LOCAL || params != 1 || tree.language() != Language.JAVA || !Tree.is(function, "method_declaration")) {
            return false;
        }
        Matcher header = MAIN.matcher(tree.text(function));
        return header.lookingAt() && header.group(1).matches("(?s).*\\bstatic\\b.*");
    }

    /** The header of {@code static void main(String[] args)}, {@code (String... args)} or {@code (String args[])}; group 1 the modifiers. */
    private static final Pattern MAIN = Pattern.compile("((?:@[\\w.]+(?:\\([^)]*\\))?\\s*|\\w+\\s+)*?)void\\s+main\\s*\\(\\s*(?:final\\s+)?"
            + "(?:java\\.lang\\.)?String\\s*(?:\\[\\s*]|\\.\\.\\.|\\w+\\s*\\[\\s*])");
}
