package dev.probation.scan;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the names of a Python file stand for, from its imports: {@code ET} for
 * {@code xml.etree.ElementTree}, {@code fromstring} for {@code defusedxml.ElementTree.fromstring}.
 * A call's callee is then read with its module ({@link #qualify}), so that {@code ET.fromstring}
 * and {@code etree.fromstring} are told apart. Read once per file, from the import statements.
 */
final class PythonImports {

    private static final Pattern IMPORT = Pattern.compile("(?m)^[ \\t]*+import[ \\t]++([\\w. \\t,]++)$");
    private static final Pattern FROM = Pattern.compile("(?m)^[ \\t]*+from[ \\t]++([\\w.]++)[ \\t]++import[ \\t]++\\(?([\\w. \\t,]++)");

    private final Map<String, String> names = new HashMap<>();

    PythonImports(String source) {
        Matcher imports = IMPORT.matcher(source);
        Matcher froms = FROM.matcher(source);
        // line by line: both patterns start a line, and a regex tried at every offset of the file was a hot spot
        for (int start = 0; start < source.length(); ) {
            int newline = source.indexOf('\n', start);
            int end = newline < 0 ? source.length() : newline;
            int word = start;
            while (word < end && (source.charAt(word) == ' ' || source.charAt(word) == '\t')) {
                word++;
            }
            if (source.startsWith("import", word) && imports.region(start, end).lookingAt()) {
                imported(imports);
            } else if (source.startsWith("from", word) && froms.region(start, end).lookingAt()) {
                from(froms);
            }
            start = end + 1;
        }
    }

    private void imported(Matcher m) {
        for (String item : m.group(1).split(",")) { // import xml.etree.ElementTree as ET, tarfile
            String[] parts = item.strip().split("\\s+as\\s+");
            if (parts.length == 2) {
                names.put(parts[1].strip(), parts[0].strip());
            }
        }
    }

    private void from(Matcher m) {
        for (String item : m.group(2).split(",")) { // from lxml import etree; from defusedxml.ElementTree import parse as p
            String[] parts = item.strip().split("\\s+as\\s+");
            if (!parts[0].isBlank()) {
                names.put((parts.length == 2 ? parts[1] : parts[0]).strip(), m.group(1) + "." + parts[0].strip());
            }
        }
    }

    /** The callee with its first name replaced by what it was imported as: {@code ET.parse} to {@code xml.etree.ElementTree.parse}. */
    String qualify(String callee) {
        int dot = callee.indexOf('.');
        String head = dot < 0 ? callee : callee.substring(0, dot);
        String module = names.get(head);
        return module == null ? callee : module + (dot < 0 ? "" : callee.substring(dot));
    }

    /** Whether the name was imported at all (as a module, an alias or a member). */
    boolean imported(String name) {
        return names.containsKey(name);
    }
}
